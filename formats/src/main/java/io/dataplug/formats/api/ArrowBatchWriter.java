package io.dataplug.formats.api;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The part every row-by-row {@link BatchWriter} shares: its vectors (allocated and listed once, freed on close),
 * the row count of the batch being filled, and the batch bounds (reset, then value counts set).
 */
public abstract class ArrowBatchWriter implements BatchWriter {
  private final List<FieldVector> vectors = new ArrayList<>();
  /** Rows written into the current batch. */
  protected int rows;

  /**
   * Creates and allocates a vector for {@code field}; it is listed before it is allocated, so that {@link #close()}
   * frees it when allocation fails.
   */
  protected final FieldVector allocate(Field field, BufferAllocator allocator) {
    FieldVector vector = field.createVector(allocator);
    vectors.add(vector);
    vector.allocateNew();
    return vector;
  }

  /** The vectors, in the order they were allocated; valid up to {@link #rows()} after {@link #finishBatch()}. */
  @Override
  public final List<FieldVector> vectors() {
    return vectors;
  }

  /** Sets validity bits {@code [from, from + count)} of {@code validity}, which holds at least that many bits. */
  public static void setValid(ArrowBuf validity, int from, int count) {
    int i = from;
    int to = from + count;
    while (i < to && (i & 7) != 0) {
      validity.setByte(i >>> 3, validity.getByte(i >>> 3) | (1 << (i & 7)));
      i++;
    }
    int fullBytes = (to - i) >>> 3;
    if (fullBytes > 0) {
      validity.setOne(i >>> 3, fullBytes);
      i += fullBytes * 8;
    }
    for (; i < to; i++) {
      validity.setByte(i >>> 3, validity.getByte(i >>> 3) | (1 << (i & 7)));
    }
  }

  public final int rows() {
    return rows;
  }

  public void startBatch() {
    for (FieldVector vector : vectors) {
      resetForBatch(vector);
    }
    rows = 0;
  }

  /** Empties {@code vector} for the next batch, keeping its buffers; Arrow's reset, which also zeroes all data. */
  protected void resetForBatch(FieldVector vector) {
    vector.reset();
  }

  public void finishBatch() {
    for (FieldVector vector : vectors) {
      vector.setValueCount(rows);
    }
  }

  @Override
  public void close() {
    for (FieldVector vector : vectors) {
      vector.close();
    }
    vectors.clear();
  }
}
