package io.dataplug.formats.fastq;

import io.dataplug.formats.api.BatchWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/** Fills Arrow vectors, one per requested column, with FASTQ records. Reused from batch to batch. */
public final class FastqBatchWriter implements FastqRecordReader.Sink, BatchWriter {
  private final List<FastqColumn> columns;
  private final List<FieldVector> vectors = new ArrayList<>();
  private final FieldVector[] byColumn = new FieldVector[FastqColumn.values().length];
  private byte[] sourceFile = new byte[0];
  private int rows;
  private final QualityEncoding encoding;
  private String problem;

  public FastqBatchWriter(BufferAllocator allocator, List<FastqColumn> columns) {
    this(allocator, columns, QualityEncoding.AUTO);
  }

  /** @param encoding how qualities are checked or converted */
  public FastqBatchWriter(BufferAllocator allocator, List<FastqColumn> columns, QualityEncoding encoding) {
    this.encoding = encoding;
    this.columns = List.copyOf(columns);
    try {
      for (FastqColumn column : this.columns) {
        FieldVector vector = column.arrowField().createVector(allocator);
        // Listed before allocating, so that close() frees it when allocation fails.
        vectors.add(vector);
        vector.allocateNew();
        byColumn[column.ordinal()] = vector;
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public List<FastqColumn> columns() {
    return columns;
  }

  /** The vectors, in the order of {@link #columns()}; valid up to {@link #rows()} after {@link #finishBatch()}. */
  public List<FieldVector> vectors() {
    return vectors;
  }

  /** What was wrong with the last record's qualities, or null; then cleared. */
  public String takeProblem() {
    String out = problem;
    problem = null;
    return out;
  }

  public void setSourceFile(String uri) {
    sourceFile = uri.getBytes(StandardCharsets.UTF_8);
  }

  public int rows() {
    return rows;
  }

  public void startBatch() {
    for (FieldVector vector : vectors) {
      vector.reset();
    }
    rows = 0;
  }

  public void finishBatch() {
    for (FieldVector vector : vectors) {
      vector.setValueCount(rows);
    }
  }

  @Override
  public void record(byte[] header, int nameOffset, int nameLength, int descriptionOffset, int descriptionLength,
      byte[] sequence, int sequenceOffset, int sequenceLength, byte[] quality, int qualityOffset, int qualityLength,
      long ordinal) {
    int row = rows;
    String bad = encoding.apply(quality, qualityOffset, qualityLength);
    if (bad != null && problem == null) {
      problem = bad;
    }
    setText(FastqColumn.NAME, row, header, nameOffset, nameLength);
    setText(FastqColumn.DESCRIPTION, row, header, descriptionOffset, descriptionLength);
    setText(FastqColumn.SEQUENCE, row, sequence, sequenceOffset, sequenceLength);
    setText(FastqColumn.QUALITY, row, quality, qualityOffset, qualityLength);
    setText(FastqColumn.SOURCE_FILE, row, sourceFile, 0, sourceFile.length);
    BigIntVector ordinals = (BigIntVector) byColumn[FastqColumn.ORDINAL.ordinal()];
    if (ordinals != null) {
      ordinals.setSafe(row, ordinal);
    }
    rows = row + 1;
  }

  private void setText(FastqColumn column, int row, byte[] bytes, int offset, int length) {
    VarCharVector vector = (VarCharVector) byColumn[column.ordinal()];
    if (vector == null) {
      return;
    }
    if (length < 0) {
      vector.setNull(row);
    } else {
      vector.setSafe(row, bytes, offset, length);
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
