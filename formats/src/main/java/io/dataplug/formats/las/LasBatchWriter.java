package io.dataplug.formats.las;

import io.dataplug.formats.api.BatchWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Decodes LAS point records (uncompressed, or LAZ after decoding) column by column into Arrow vectors, one per
 * requested column, reused from batch to batch. A column the current file lacks is null.
 */
public final class LasBatchWriter implements BatchWriter {
  private final List<LidarColumn> columns;
  private final List<FieldVector> vectors = new ArrayList<>();
  private LasDimension[] bound;
  private byte[] sourceFile = new byte[0];
  private int rows;
  private int capacity = -1;

  public LasBatchWriter(BufferAllocator allocator, List<LidarColumn> columns) {
    this.columns = List.copyOf(columns);
    try {
      for (LidarColumn column : this.columns) {
        vectors.add(newVector(allocator, column));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private static FieldVector newVector(BufferAllocator allocator, LidarColumn column) {
    if (column.isSourceFile()) {
      return new VarCharVector(column.name(), allocator);
    }
    return switch (column.type()) {
      case BOOLEAN -> new BitVector(column.name(), allocator);
      case BYTE -> new TinyIntVector(column.name(), allocator);
      case SHORT -> new SmallIntVector(column.name(), allocator);
      case INT -> new IntVector(column.name(), allocator);
      case LONG -> new BigIntVector(column.name(), allocator);
      case FLOAT -> new Float4Vector(column.name(), allocator);
      case DOUBLE -> new Float8Vector(column.name(), allocator);
      case DECIMAL20 -> new DecimalVector(column.name(), allocator, 20, 0);
    };
  }

  public List<LidarColumn> columns() {
    return columns;
  }

  public List<FieldVector> vectors() {
    return vectors;
  }

  public int rows() {
    return rows;
  }

  /** Binds the columns to a file's point layout. */
  public void bind(LasFileInfo file) {
    bound = new LasDimension[columns.size()];
    for (int c = 0; c < bound.length; c++) {
      LidarColumn column = columns.get(c);
      bound[c] = column.isSourceFile() || column.isPointIndex() ? null : file.layout().find(column.name());
    }
    sourceFile = file.uri().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Readies the vectors for up to {@code capacity} rows. A filled batch has been handed to a consumer, which may
   * close its vectors (Spark 3.5's ColumnarToRow calls {@code ColumnarBatch.closeIfFreeable()} after each batch): the
   * next batch gets freshly allocated buffers. An empty batch was never handed out, so its buffers are reused.
   */
  public void startBatch(int capacity) {
    boolean reuse = rows == 0 && capacity <= this.capacity;
    for (FieldVector vector : vectors) {
      if (reuse && vector.getValueCapacity() >= capacity) {
        vector.reset();
      } else {
        vector.setInitialCapacity(capacity);
        vector.allocateNew();
      }
    }
    this.capacity = reuse ? this.capacity : capacity;
    rows = 0;
  }

  /**
   * Appends the records at {@code records[selected[from + i] * recordLength]} for i in [from, from + count), the points
   * numbered {@code firstPoint + selected[i]} in their file.
   */
  public void append(byte[] records, int recordLength, int[] selected, int from, int count, long firstPoint) {
    ByteBuffer b = ByteBuffer.wrap(records).order(ByteOrder.LITTLE_ENDIAN);
    for (int c = 0; c < bound.length; c++) {
      LidarColumn column = columns.get(c);
      FieldVector vector = vectors.get(c);
      if (column.isSourceFile()) {
        VarCharVector v = (VarCharVector) vector;
        for (int i = 0; i < count; i++) {
          v.setSafe(rows + i, sourceFile);
        }
      } else if (column.isPointIndex()) {
        BigIntVector v = (BigIntVector) vector;
        for (int i = 0; i < count; i++) {
          v.set(rows + i, firstPoint + selected[from + i]);
        }
      } else if (bound[c] == null) {
        for (int i = 0; i < count; i++) {
          vector.setNull(rows + i);
        }
      } else {
        decode(bound[c], vector, b, recordLength, selected, from, count);
      }
    }
    rows += count;
  }

  public void finishBatch() {
    for (FieldVector vector : vectors) {
      vector.setValueCount(rows);
    }
  }

  private void decode(LasDimension d, FieldVector vector, ByteBuffer b, int recordLength, int[] selected, int from,
      int count) {
    int base = d.byteOffset();
    switch (d.decoding()) {
      case COORDINATE -> {
        ArrowBuf data = vector.getDataBuffer();
        double scale = d.scale();
        double offset = d.offset();
        for (int i = 0; i < count; i++) {
          data.setDouble((long) (rows + i) * 8, b.getInt(selected[from + i] * recordLength + base) * scale + offset);
        }
        markValid(vector, count);
      }
      case BITS -> {
        ArrowBuf data = vector.getDataBuffer();
        int mask = (1 << d.width()) - 1;
        int shift = d.shift();
        for (int i = 0; i < count; i++) {
          data.setShort((long) (rows + i) * 2, (short) ((b.get(selected[from + i] * recordLength + base) & 0xFF) >>> shift & mask));
        }
        markValid(vector, count);
      }
      case FLAG -> {
        BitVector v = (BitVector) vector;
        for (int i = 0; i < count; i++) {
          v.set(rows + i, (b.get(selected[from + i] * recordLength + base) >>> d.shift()) & 1);
        }
      }
      case SCAN_ANGLE_RANK -> {
        Float4Vector v = (Float4Vector) vector;
        for (int i = 0; i < count; i++) {
          v.set(rows + i, (float) b.get(selected[from + i] * recordLength + base));
        }
      }
      case SCAN_ANGLE_SCALED -> {
        Float4Vector v = (Float4Vector) vector;
        for (int i = 0; i < count; i++) {
          v.set(rows + i, (float) (b.getShort(selected[from + i] * recordLength + base) * 0.006));
        }
      }
      case SCALED -> {
        Float8Vector v = (Float8Vector) vector;
        LasDimension.Decoding raw = LasDimension.Decoding.values()[d.width()];
        for (int i = 0; i < count; i++) {
          v.set(rows + i, rawNumber(raw, b, selected[from + i] * recordLength + base) * d.scale() + d.offset());
        }
      }
      default -> plain(d, vector, b, recordLength, selected, from, count, base);
    }
  }

  private void plain(LasDimension d, FieldVector vector, ByteBuffer b, int recordLength, int[] selected, int from,
      int count, int base) {
    // The common fields go straight into the data buffer; validity is set for the whole run at once.
    ArrowBuf data = vector.getDataBuffer();
    switch (d.decoding()) {
      case U8 -> {
        for (int i = 0; i < count; i++) {
          data.setShort((long) (rows + i) * 2, (short) (b.get(selected[from + i] * recordLength + base) & 0xFF));
        }
        markValid(vector, count);
        return;
      }
      case U16 -> {
        for (int i = 0; i < count; i++) {
          data.setInt((long) (rows + i) * 4, b.getShort(selected[from + i] * recordLength + base) & 0xFFFF);
        }
        markValid(vector, count);
        return;
      }
      case F64 -> {
        for (int i = 0; i < count; i++) {
          data.setDouble((long) (rows + i) * 8, b.getDouble(selected[from + i] * recordLength + base));
        }
        markValid(vector, count);
        return;
      }
      default -> {
        // the rarer types, value by value below
      }
    }
    for (int i = 0; i < count; i++) {
      int at = selected[from + i] * recordLength + base;
      int row = rows + i;
      switch (d.decoding()) {
        case U8 -> ((SmallIntVector) vector).set(row, (short) (b.get(at) & 0xFF));
        case I8 -> ((TinyIntVector) vector).set(row, b.get(at));
        case U16 -> ((IntVector) vector).set(row, b.getShort(at) & 0xFFFF);
        case I16 -> ((SmallIntVector) vector).set(row, b.getShort(at));
        case U32 -> ((BigIntVector) vector).set(row, b.getInt(at) & 0xFFFFFFFFL);
        case I32 -> ((IntVector) vector).set(row, b.getInt(at));
        case U64 -> ((DecimalVector) vector).set(row, new BigDecimal(new BigInteger(Long.toUnsignedString(b.getLong(at)))));
        case I64 -> ((BigIntVector) vector).set(row, b.getLong(at));
        case F32 -> ((Float4Vector) vector).set(row, b.getFloat(at));
        case F64 -> ((Float8Vector) vector).set(row, b.getDouble(at));
        default -> throw new IllegalStateException("no plain decoding for " + d);
      }
    }
  }

  /** Marks rows [rows, rows + count) valid, a byte at a time where it can. */
  private void markValid(FieldVector vector, int count) {
    ArrowBuf validity = vector.getValidityBuffer();
    int i = rows;
    int end = rows + count;
    for (; i < end && (i & 7) != 0; i++) {
      BitVectorHelper.setBit(validity, i);
    }
    for (; i + 8 <= end; i += 8) {
      validity.setByte(i >>> 3, 0xFF);
    }
    for (; i < end; i++) {
      BitVectorHelper.setBit(validity, i);
    }
  }

  private static double rawNumber(LasDimension.Decoding raw, ByteBuffer b, int at) {
    return switch (raw) {
      case U8 -> b.get(at) & 0xFF;
      case I8 -> b.get(at);
      case U16 -> b.getShort(at) & 0xFFFF;
      case I16 -> b.getShort(at);
      case U32 -> b.getInt(at) & 0xFFFFFFFFL;
      case I32 -> b.getInt(at);
      case U64 -> Double.parseDouble(Long.toUnsignedString(b.getLong(at)));
      case I64 -> b.getLong(at);
      case F32 -> b.getFloat(at);
      default -> b.getDouble(at);
    };
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (FieldVector vector : vectors) {
      try {
        vector.close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
