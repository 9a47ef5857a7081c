package io.dataplug.formats.cog;

import io.dataplug.formats.api.ArrowBatchWriter;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes tiles as rows: the window and bounds, and the samples of the kept bands as [band][row-major pixel] of the
 * clipped window, widened to the column's type; a pixel is null where the mask tile says so, or where a band's
 * value is the nodata value (NaN matching NaN).
 */
final class CogBatchWriter extends ArrowBatchWriter {
  private IntVector tileColumn;
  private IntVector tileRow;
  private IntVector x;
  private IntVector y;
  private IntVector width;
  private IntVector height;
  private IntVector bandCount;
  private ListVector data;
  private Float8Vector minX;
  private Float8Vector minY;
  private Float8Vector maxX;
  private Float8Vector maxY;
  private VarCharVector crs;
  private Float8Vector nodata;
  private VarCharVector sourceFile;

  private CogSlice slice;
  private byte[] uri;
  private byte[] crsBytes;

  CogBatchWriter(BufferAllocator allocator, CogSchema schema, List<String> columns) {
    Schema arrow = schema.arrow();
    try {
      for (String name : columns) {
        FieldVector v = allocate(arrow.findField(name), allocator);
        switch (name) {
          case CogSchema.TILE_COLUMN -> tileColumn = (IntVector) v;
          case CogSchema.TILE_ROW -> tileRow = (IntVector) v;
          case CogSchema.X -> x = (IntVector) v;
          case CogSchema.Y -> y = (IntVector) v;
          case CogSchema.WIDTH -> width = (IntVector) v;
          case CogSchema.HEIGHT -> height = (IntVector) v;
          case CogSchema.BAND_COUNT -> bandCount = (IntVector) v;
          case CogSchema.DATA -> data = (ListVector) v;
          case CogSchema.MIN_X -> minX = (Float8Vector) v;
          case CogSchema.MIN_Y -> minY = (Float8Vector) v;
          case CogSchema.MAX_X -> maxX = (Float8Vector) v;
          case CogSchema.MAX_Y -> maxY = (Float8Vector) v;
          case CogSchema.CRS -> crs = (VarCharVector) v;
          case CogSchema.NODATA -> nodata = (Float8Vector) v;
          case CogSchema.SOURCE_FILE -> sourceFile = (VarCharVector) v;
          default -> throw new IllegalArgumentException("No COG column named '" + name + "'");
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The samples' vector is emptied without zeroing its values (Arrow's reset writes the whole buffer, 32 MB per
   * batch of 16 uint16 tiles): every value of a batch is written, validity included.
   */
  @Override
  protected void resetForBatch(FieldVector vector) {
    if (vector == data) {
      emptyKeepingValues(data);
    } else {
      super.resetForBatch(vector);
    }
  }

  private static void emptyKeepingValues(ListVector list) {
    list.getValidityBuffer().setZero(0, list.getValidityBuffer().capacity());
    list.getOffsetBuffer().setZero(0, list.getOffsetBuffer().capacity());
    list.setLastSet(-1);
    FieldVector child = list.getDataVector();
    if (child instanceof ListVector inner) {
      emptyKeepingValues(inner);
    } else {
      child.getValidityBuffer().setZero(0, child.getValidityBuffer().capacity());
    }
    list.setValueCount(0);
  }

  void startSlice(CogSlice slice) {
    this.slice = slice;
    this.uri = slice.uri().getBytes(StandardCharsets.UTF_8);
    this.crsBytes = slice.crs() == null ? null : slice.crs().getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the requested columns need the tiles' samples (else only the tile tables are used). */
  boolean needsSamples() {
    return data != null;
  }

  /**
   * Writes one tile; {@code samples} null for a sparse tile (every pixel null), {@code mask} the decoded 1-bit mask
   * tile (rows padded to bytes, most significant bit first) or null.
   */
  void tile(TileBounds b, TileDecoder.Samples samples, byte[] mask) {
    int row = rows;
    setInt(tileColumn, row, b.column());
    setInt(tileRow, row, b.row());
    setInt(x, row, b.x());
    setInt(y, row, b.y());
    setInt(width, row, b.width());
    setInt(height, row, b.height());
    setInt(bandCount, row, slice.bands().length);
    setDouble(minX, row, b.minX());
    setDouble(minY, row, b.minY());
    setDouble(maxX, row, b.maxX());
    setDouble(maxY, row, b.maxY());
    if (crs != null) {
      if (crsBytes == null) {
        crs.setNull(row);
      } else {
        crs.setSafe(row, crsBytes, 0, crsBytes.length);
      }
    }
    if (nodata != null) {
      if (slice.nodata() == null) {
        nodata.setNull(row);
      } else {
        nodata.setSafe(row, slice.nodata());
      }
    }
    if (sourceFile != null) {
      sourceFile.setSafe(row, uri, 0, uri.length);
    }
    if (data != null) {
      writeSamples(row, b, samples, mask);
    }
    rows = row + 1;
  }

  private static void setInt(IntVector v, int row, int value) {
    if (v != null) {
      v.setSafe(row, value);
    }
  }

  private static void setDouble(Float8Vector v, int row, double value) {
    if (v != null) {
      v.setSafe(row, value);
    }
  }

  private void writeSamples(int row, TileBounds b, TileDecoder.Samples samples, byte[] mask) {
    RasterLevel level = slice.level();
    ListVector bandsVector = (ListVector) data.getDataVector();
    BaseFixedWidthVector values = (BaseFixedWidthVector) bandsVector.getDataVector();
    int pixels = b.width() * b.height();
    int bandStart = data.startNewValue(row);
    int[] kept = slice.bands();
    for (int k = 0; k < kept.length; k++) {
      int start = bandsVector.startNewValue(bandStart + k);
      while (values.getValueCapacity() < start + pixels) {
        values.reAlloc();
      }
      if (samples == null) {
        clearValidity(values.getValidityBuffer(), start, pixels);
      } else {
        writeBand(values, start, level, b, samples, kept[k], mask);
      }
      bandsVector.endValue(bandStart + k, pixels);
    }
    data.endValue(row, kept.length);
  }

  private static void clearValidity(ArrowBuf validity, int start, int n) {
    for (int i = start; i < start + n; i++) {
      int byteIndex = i >>> 3;
      validity.setByte(byteIndex, validity.getByte(byteIndex) & ~(1 << (i & 7)));
    }
  }

  /**
   * Writes band {@code band} of the tile's window into {@code values} from position {@code start}, straight into the
   * vector's data: each row copied in bulk through typed buffer views (byte order converted by the views) when the
   * column keeps the stored type, widened sample by sample otherwise; then nulls marked (all valid first: masks and
   * nodata are the exception).
   */
  private void writeBand(BaseFixedWidthVector values, int start, RasterLevel level, TileBounds b,
      TileDecoder.Samples samples, int band, byte[] mask) {
    SampleType type = level.compression() == 7 ? SampleType.UINT8 : level.type();
    int w = b.width();
    int h = b.height();
    int pixels = w * h;
    boolean planar = level.planar();
    int stride = planar ? 1 : level.samples();
    int bytes = type.bytes();
    int planeBytes = level.tileWidth() * level.tileHeight() * stride * bytes;
    int rowSamples = level.tileWidth() * stride;
    // Sample indexes (in units of the stored type) of the band's first sample in the tile.
    int first = (planar ? band * planeBytes : band * bytes) / bytes;
    ByteBuffer source = ByteBuffer.wrap(samples.data()).order(samples.order());
    int width = values.getTypeWidth();
    ByteBuffer target = values.getDataBuffer().nioBuffer((long) start * width, pixels * width)
        .order(ByteOrder.LITTLE_ENDIAN);
    boolean widenToDouble = values instanceof Float8Vector && type != SampleType.FLOAT64;
    for (int r = 0; r < h; r++) {
      int from = first + r * rowSamples;
      int to = r * w;
      if (widenToDouble) {
        for (int c = 0; c < w; c++) {
          target.putDouble((to + c) * 8, sample(source, type, from + c * stride));
        }
      } else {
        writeRow(source, target, type, from, stride, to, w);
      }
    }
    ArrowBuf validity = values.getValidityBuffer();
    setValid(validity, start, pixels);
    Double nodataValue = slice.nodata();
    if (mask == null && nodataValue == null) {
      return;
    }
    int maskRowBytes = (level.tileWidth() + 7) / 8;
    boolean nanNodata = nodataValue != null && Double.isNaN(nodataValue);
    double nd = nodataValue == null ? 0 : nodataValue;
    SampleType written = widenToDouble ? SampleType.FLOAT64 : type;
    for (int r = 0, i = 0; r < h; r++) {
      for (int c = 0; c < w; c++, i++) {
        boolean valid = mask == null || (mask[r * maskRowBytes + (c >>> 3)] & (0x80 >>> (c & 7))) != 0;
        if (valid && nodataValue != null) {
          double v = written(target, written, i);
          valid = nanNodata ? !Double.isNaN(v) : v != nd;
        }
        if (!valid) {
          int position = start + i;
          validity.setByte(position >>> 3, validity.getByte(position >>> 3) & ~(1 << (position & 7)));
        }
      }
    }
  }

  /**
   * Copies {@code n} samples of {@code type}, {@code stride} apart from sample index {@code from} of the decoded
   * tile, into the column (the type's own column type, see {@link SampleType}) from value index {@code to}. Rows go
   * through Java arrays: bulk gets and puts (byte order converted by the views), and plain array loops between them,
   * which the JIT compiles well wherever it runs (loops over buffer views did not inline in Spark's executors).
   */
  private void writeRow(ByteBuffer source, ByteBuffer target, SampleType type, int from, int stride, int to, int n) {
    int span = (n - 1) * stride + 1;
    switch (type) {
      case INT8, UINT8 -> {
        byte[] in = bytesIn = atLeast(bytesIn, span, byte[]::new);
        source.get(from, in, 0, span);
        if (type == SampleType.INT8) {
          byte[] out = bytesOut = atLeast(bytesOut, n, byte[]::new);
          for (int c = 0; c < n; c++) {
            out[c] = in[c * stride];
          }
          target.put(to, out, 0, n);
        } else {
          short[] out = shortsOut = atLeast(shortsOut, n, short[]::new);
          for (int c = 0; c < n; c++) {
            out[c] = (short) (in[c * stride] & 0xFF);
          }
          target.asShortBuffer().put(to, out, 0, n);
        }
      }
      case INT16, UINT16 -> {
        short[] in = shortsIn = atLeast(shortsIn, span, short[]::new);
        source.asShortBuffer().get(from, in, 0, span);
        if (type == SampleType.INT16) {
          short[] out = shortsOut = atLeast(shortsOut, n, short[]::new);
          for (int c = 0; c < n; c++) {
            out[c] = in[c * stride];
          }
          target.asShortBuffer().put(to, out, 0, n);
        } else {
          int[] out = intsOut = atLeast(intsOut, n, int[]::new);
          if (stride == 1) {
            for (int c = 0; c < n; c++) {
              out[c] = in[c] & 0xFFFF;
            }
          } else {
            for (int c = 0; c < n; c++) {
              out[c] = in[c * stride] & 0xFFFF;
            }
          }
          target.asIntBuffer().put(to, out, 0, n);
        }
      }
      case INT32, UINT32, FLOAT32 -> {
        int[] in = intsIn = atLeast(intsIn, span, int[]::new);
        source.asIntBuffer().get(from, in, 0, span);
        if (type == SampleType.UINT32) {
          long[] out = longsOut = atLeast(longsOut, n, long[]::new);
          for (int c = 0; c < n; c++) {
            out[c] = in[c * stride] & 0xFFFFFFFFL;
          }
          target.asLongBuffer().put(to, out, 0, n);
        } else {
          // float32 moves as its bits: the column's little-endian floats are the same four bytes.
          int[] out = intsOut = atLeast(intsOut, n, int[]::new);
          for (int c = 0; c < n; c++) {
            out[c] = in[c * stride];
          }
          target.asIntBuffer().put(to, out, 0, n);
        }
      }
      case FLOAT64 -> {
        long[] in = longsIn = atLeast(longsIn, span, long[]::new);
        source.asLongBuffer().get(from, in, 0, span);
        long[] out = longsOut = atLeast(longsOut, n, long[]::new);
        for (int c = 0; c < n; c++) {
          out[c] = in[c * stride];
        }
        target.asLongBuffer().put(to, out, 0, n);
      }
    }
  }

  /** Row buffers, as read (indexed by sample) and as written (by pixel), grown as tiles need. */
  private byte[] bytesIn = new byte[0];
  private byte[] bytesOut = new byte[0];
  private short[] shortsIn = new short[0];
  private short[] shortsOut = new short[0];
  private int[] intsIn = new int[0];
  private int[] intsOut = new int[0];
  private long[] longsIn = new long[0];
  private long[] longsOut = new long[0];

  /** {@code array} when it holds {@code n} elements, else a new one of {@code n}. */
  private static <A> A atLeast(A array, int n, IntFunction<A> allocate) {
    return Array.getLength(array) >= n ? array : allocate.apply(n);
  }

  /** Sample {@code index} (in units of the type) of a decoded tile, as a double. */
  private static double sample(ByteBuffer source, SampleType type, int index) {
    int at = index * type.bytes();
    return switch (type) {
      case INT8 -> source.get(at);
      case UINT8 -> source.get(at) & 0xFF;
      case INT16 -> source.getShort(at);
      case UINT16 -> source.getShort(at) & 0xFFFF;
      case INT32 -> source.getInt(at);
      case UINT32 -> source.getInt(at) & 0xFFFFFFFFL;
      case FLOAT32 -> source.getFloat(at);
      case FLOAT64 -> source.getDouble(at);
    };
  }

  /** Value {@code i} of a band written into the column as {@code type} (its column type), as a double. */
  private static double written(ByteBuffer target, SampleType type, int i) {
    return switch (type) {
      case INT8 -> target.get(i);
      case UINT8, INT16 -> target.getShort(i * 2);
      case UINT16, INT32 -> target.getInt(i * 4);
      case UINT32 -> target.getLong(i * 8);
      case FLOAT32 -> target.getFloat(i * 4);
      case FLOAT64 -> target.getDouble(i * 8);
    };
  }
}
