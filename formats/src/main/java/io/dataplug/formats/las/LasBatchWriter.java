package io.dataplug.formats.las;

import io.dataplug.formats.api.BatchWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
  private LasHeader header;
  private TileGroup tiles;
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
    bind(file, null);
  }

  /** Binds the columns to a file's point layout and, in a tiled read, to the slice's tile group. */
  public void bind(LasFileInfo file, TileGroup tiles) {
    bound = new LasDimension[columns.size()];
    for (int c = 0; c < bound.length; c++) {
      LidarColumn column = columns.get(c);
      bound[c] = column.isDimension() ? file.layout().find(column.name()) : null;
      if (column.isTileColumn() && tiles == null) {
        throw new IllegalStateException("Column " + column.name() + " needs a tiled read (option tileSize)");
      }
    }
    sourceFile = file.uri().getBytes(StandardCharsets.UTF_8);
    header = file.header();
    this.tiles = tiles;
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
   * Appends the records at {@code records[offset + selected[from + i] * recordLength]} for i in [from, from + count),
   * the points numbered {@code firstPoint + selected[i]} in their file.
   */
  public void append(byte[] records, int offset, int recordLength, int[] selected, int from, int count,
      long firstPoint) {
    for (int c = 0; c < bound.length; c++) {
      LidarColumn column = columns.get(c);
      FieldVector vector = vectors.get(c);
      if (column.isSourceFile()) {
        VarCharVector v = (VarCharVector) vector;
        for (int i = 0; i < count; i++) {
          v.setSafe(rows + i, sourceFile);
        }
      } else if (column.isPointIndex()) {
        long[] out = longs(count);
        for (int i = 0; i < count; i++) {
          out[i] = firstPoint + selected[from + i];
        }
        putLongs(vector, out, count);
      } else if (column.isTileX() || column.isTileY()) {
        int axis = column.isTileX() ? 0 : 1;
        long[] out = longs(count);
        for (int i = 0; i < count; i++) {
          // The same arithmetic as the X and Y columns and the reader's choice of points.
          double v = header.coordinate(axis, i32(records, offset + selected[from + i] * recordLength + 4 * axis));
          out[i] = axis == 0 ? TileCell.columnOf(v, tiles.size()) : TileCell.rowOf(v, tiles.size());
        }
        putLongs(vector, out, count);
      } else if (column.isTileGroup()) {
        long[] out = longs(count);
        Arrays.fill(out, 0, count, tiles.group());
        putLongs(vector, out, count);
      } else if (bound[c] == null) {
        for (int i = 0; i < count; i++) {
          vector.setNull(rows + i);
        }
      } else {
        decode(bound[c], vector, records, offset, recordLength, selected, from, count);
      }
    }
    rows += count;
  }

  /** The first {@code count} values of {@code out} as the next rows of a bigint column, all valid. */
  private void putLongs(FieldVector vector, long[] out, int count) {
    data(vector).asLongBuffer().put(rows, out, 0, count);
    markValid(vector, count);
  }

  public void finishBatch() {
    for (FieldVector vector : vectors) {
      vector.setValueCount(rows);
    }
  }

  // Scratch arrays a column's values are gathered into before one bulk copy into its Arrow buffer: plain array loops
  // compile well wherever the JIT runs, where per-value ArrowBuf calls pay a bounds and reference-count check each.
  private double[] doubles = new double[0];
  private float[] floats = new float[0];
  private long[] longs = new long[0];
  private int[] ints = new int[0];
  private short[] shorts = new short[0];
  private byte[] bytes = new byte[0];

  private double[] doubles(int n) {
    return doubles.length >= n ? doubles : (doubles = new double[n]);
  }

  private float[] floats(int n) {
    return floats.length >= n ? floats : (floats = new float[n]);
  }

  private long[] longs(int n) {
    return longs.length >= n ? longs : (longs = new long[n]);
  }

  private int[] ints(int n) {
    return ints.length >= n ? ints : (ints = new int[n]);
  }

  private short[] shorts(int n) {
    return shorts.length >= n ? shorts : (shorts = new short[n]);
  }

  private byte[] bytes(int n) {
    return bytes.length >= n ? bytes : (bytes = new byte[n]);
  }

  /** The vector's data buffer as a little-endian NIO view, positioned in values by the typed views' absolute puts. */
  private static ByteBuffer data(FieldVector vector) {
    ArrowBuf buffer = vector.getDataBuffer();
    return buffer.nioBuffer(0, (int) buffer.capacity()).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int u16(byte[] r, int at) {
    return (r[at] & 0xFF) | (r[at + 1] & 0xFF) << 8;
  }

  private static int i32(byte[] r, int at) {
    return (r[at] & 0xFF) | (r[at + 1] & 0xFF) << 8 | (r[at + 2] & 0xFF) << 16 | r[at + 3] << 24;
  }

  private static long i64(byte[] r, int at) {
    return (i32(r, at) & 0xFFFFFFFFL) | (long) i32(r, at + 4) << 32;
  }

  private void decode(LasDimension d, FieldVector vector, byte[] r, int recordsOffset, int recordLength,
      int[] selected, int from, int count) {
    int base = recordsOffset + d.byteOffset();
    switch (d.decoding()) {
      case COORDINATE -> {
        double[] out = doubles(count);
        double scale = d.scale();
        double offset = d.offset();
        for (int i = 0; i < count; i++) {
          out[i] = i32(r, selected[from + i] * recordLength + base) * scale + offset;
        }
        data(vector).asDoubleBuffer().put(rows, out, 0, count);
      }
      case BITS -> {
        short[] out = shorts(count);
        int mask = (1 << d.width()) - 1;
        int shift = d.shift();
        for (int i = 0; i < count; i++) {
          out[i] = (short) ((r[selected[from + i] * recordLength + base] & 0xFF) >>> shift & mask);
        }
        data(vector).asShortBuffer().put(rows, out, 0, count);
      }
      case FLAG -> {
        byte[] bits = bytes(count);
        int shift = d.shift();
        for (int i = 0; i < count; i++) {
          bits[i] = (byte) ((r[selected[from + i] * recordLength + base] >>> shift) & 1);
        }
        packBits(vector.getDataBuffer(), bits, count);
      }
      case SCAN_ANGLE_RANK -> {
        float[] out = floats(count);
        for (int i = 0; i < count; i++) {
          out[i] = r[selected[from + i] * recordLength + base];
        }
        data(vector).asFloatBuffer().put(rows, out, 0, count);
      }
      case SCAN_ANGLE_SCALED -> {
        float[] out = floats(count);
        for (int i = 0; i < count; i++) {
          out[i] = (float) ((short) u16(r, selected[from + i] * recordLength + base) * 0.006);
        }
        data(vector).asFloatBuffer().put(rows, out, 0, count);
      }
      case SCALED -> {
        double[] out = doubles(count);
        LasDimension.Decoding raw = LasDimension.Decoding.values()[d.width()];
        for (int i = 0; i < count; i++) {
          out[i] = rawNumber(raw, r, selected[from + i] * recordLength + base) * d.scale() + d.offset();
        }
        data(vector).asDoubleBuffer().put(rows, out, 0, count);
      }
      case U8 -> {
        short[] out = shorts(count);
        for (int i = 0; i < count; i++) {
          out[i] = (short) (r[selected[from + i] * recordLength + base] & 0xFF);
        }
        data(vector).asShortBuffer().put(rows, out, 0, count);
      }
      case I8 -> {
        byte[] out = bytes(count);
        for (int i = 0; i < count; i++) {
          out[i] = r[selected[from + i] * recordLength + base];
        }
        data(vector).put(rows, out, 0, count);
      }
      case U16 -> {
        int[] out = ints(count);
        for (int i = 0; i < count; i++) {
          out[i] = u16(r, selected[from + i] * recordLength + base);
        }
        data(vector).asIntBuffer().put(rows, out, 0, count);
      }
      case I16 -> {
        short[] out = shorts(count);
        for (int i = 0; i < count; i++) {
          out[i] = (short) u16(r, selected[from + i] * recordLength + base);
        }
        data(vector).asShortBuffer().put(rows, out, 0, count);
      }
      case U32 -> {
        long[] out = longs(count);
        for (int i = 0; i < count; i++) {
          out[i] = i32(r, selected[from + i] * recordLength + base) & 0xFFFFFFFFL;
        }
        data(vector).asLongBuffer().put(rows, out, 0, count);
      }
      case I32 -> {
        int[] out = ints(count);
        for (int i = 0; i < count; i++) {
          out[i] = i32(r, selected[from + i] * recordLength + base);
        }
        data(vector).asIntBuffer().put(rows, out, 0, count);
      }
      case I64 -> {
        long[] out = longs(count);
        for (int i = 0; i < count; i++) {
          out[i] = i64(r, selected[from + i] * recordLength + base);
        }
        data(vector).asLongBuffer().put(rows, out, 0, count);
      }
      case F32 -> {
        float[] out = floats(count);
        for (int i = 0; i < count; i++) {
          out[i] = Float.intBitsToFloat(i32(r, selected[from + i] * recordLength + base));
        }
        data(vector).asFloatBuffer().put(rows, out, 0, count);
      }
      case F64 -> {
        double[] out = doubles(count);
        for (int i = 0; i < count; i++) {
          out[i] = Double.longBitsToDouble(i64(r, selected[from + i] * recordLength + base));
        }
        data(vector).asDoubleBuffer().put(rows, out, 0, count);
      }
      case U64 -> {
        // unsigned 64-bit extra bytes: DECIMAL(20, 0), value by value (rare)
        DecimalVector v = (DecimalVector) vector;
        for (int i = 0; i < count; i++) {
          long raw = i64(r, selected[from + i] * recordLength + base);
          v.set(rows + i, new BigDecimal(new BigInteger(Long.toUnsignedString(raw))));
        }
        return;
      }
    }
    markValid(vector, count);
  }

  /** Writes rows [rows, rows + count) of a bit vector's data from {@code bits} (one 0 or 1 per row), a byte at a time. */
  private void packBits(ArrowBuf data, byte[] bits, int count) {
    // validity follows in decode()
    int i = 0;
    int row = rows;
    while (i < count) {
      int byteIndex = row >>> 3;
      int current = row & 7;
      int value = current == 0 ? 0 : data.getByte(byteIndex) & ((1 << current) - 1);
      for (; current < 8 && i < count; current++, i++, row++) {
        value |= bits[i] << current;
      }
      data.setByte(byteIndex, value);
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

  private static double rawNumber(LasDimension.Decoding raw, byte[] r, int at) {
    return switch (raw) {
      case U8 -> r[at] & 0xFF;
      case I8 -> r[at];
      case U16 -> u16(r, at);
      case I16 -> (short) u16(r, at);
      case U32 -> i32(r, at) & 0xFFFFFFFFL;
      case I32 -> i32(r, at);
      case U64 -> Double.parseDouble(Long.toUnsignedString(i64(r, at)));
      case I64 -> i64(r, at);
      case F32 -> Float.intBitsToFloat(i32(r, at));
      default -> Double.longBitsToDouble(i64(r, at));
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
