package io.dataplug.formats.cog;

import io.dataplug.formats.api.ArrowBatchWriter;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
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
   * Writes band {@code band} of the tile's window into {@code values} from position {@code start}: the samples read
   * row by row into a Java array of the stored type's natural width, copied into the vector in bulk, then nulls
   * marked (all valid first: masks and nodata are the exception).
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
    int first = (planar ? band * planeBytes : band * bytes);
    int rowBytes = level.tileWidth() * stride * bytes;
    byte[] in = samples.data();
    // Little-endian views read every sample (a VarHandle is fast only as a constant); big-endian files swap bytes.
    boolean swap = samples.order() != ByteOrder.LITTLE_ENDIAN;
    double[] reals = null;
    long[] longs = null;
    int[] ints = null;
    switch (type) {
      case FLOAT32, FLOAT64 -> reals = realBuffer(pixels);
      case UINT32 -> longs = longBuffer(pixels);
      default -> ints = intBuffer(pixels);
    }
    int n = 0;
    int step = stride * bytes;
    for (int r = 0; r < h; r++) {
      int at = first + r * rowBytes;
      switch (type) {
        case INT8 -> {
          for (int c = 0; c < w; c++, at += step) {
            ints[n++] = in[at];
          }
        }
        case UINT8 -> {
          for (int c = 0; c < w; c++, at += step) {
            ints[n++] = in[at] & 0xFF;
          }
        }
        case INT16 -> {
          for (int c = 0; c < w; c++, at += step) {
            short v = (short) SHORTS.get(in, at);
            ints[n++] = swap ? Short.reverseBytes(v) : v;
          }
        }
        case UINT16 -> {
          for (int c = 0; c < w; c++, at += step) {
            short v = (short) SHORTS.get(in, at);
            ints[n++] = (swap ? Short.reverseBytes(v) : v) & 0xFFFF;
          }
        }
        case INT32 -> {
          for (int c = 0; c < w; c++, at += step) {
            int v = (int) INTS.get(in, at);
            ints[n++] = swap ? Integer.reverseBytes(v) : v;
          }
        }
        case UINT32 -> {
          for (int c = 0; c < w; c++, at += step) {
            int v = (int) INTS.get(in, at);
            longs[n++] = (swap ? Integer.reverseBytes(v) : v) & 0xFFFFFFFFL;
          }
        }
        case FLOAT32 -> {
          for (int c = 0; c < w; c++, at += step) {
            int v = (int) INTS.get(in, at);
            reals[n++] = Float.intBitsToFloat(swap ? Integer.reverseBytes(v) : v);
          }
        }
        case FLOAT64 -> {
          for (int c = 0; c < w; c++, at += step) {
            long v = (long) LONGS.get(in, at);
            reals[n++] = Double.longBitsToDouble(swap ? Long.reverseBytes(v) : v);
          }
        }
      }
    }
    copy(values, start, pixels, ints, longs, reals);
    ArrowBuf validity = values.getValidityBuffer();
    setValid(validity, start, pixels);
    Double nodataValue = slice.nodata();
    int maskRowBytes = (level.tileWidth() + 7) / 8;
    if (mask == null && nodataValue == null) {
      return;
    }
    boolean nanNodata = nodataValue != null && Double.isNaN(nodataValue);
    double nd = nodataValue == null ? 0 : nodataValue;
    for (int r = 0, i = 0; r < h; r++) {
      for (int c = 0; c < w; c++, i++) {
        boolean valid = mask == null || (mask[r * maskRowBytes + (c >>> 3)] & (0x80 >>> (c & 7))) != 0;
        if (valid && nodataValue != null) {
          double v = ints != null ? ints[i] : longs != null ? longs[i] : reals[i];
          valid = nanNodata ? !Double.isNaN(v) : v != nd;
        }
        if (!valid) {
          int position = start + i;
          validity.setByte(position >>> 3, validity.getByte(position >>> 3) & ~(1 << (position & 7)));
        }
      }
    }
  }

  private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private int[] intScratch = new int[0];
  private long[] longScratch = new long[0];
  private double[] realScratch = new double[0];

  private int[] intBuffer(int n) {
    if (intScratch.length < n) {
      intScratch = new int[n];
    }
    return intScratch;
  }

  private long[] longBuffer(int n) {
    if (longScratch.length < n) {
      longScratch = new long[n];
    }
    return longScratch;
  }

  private double[] realBuffer(int n) {
    if (realScratch.length < n) {
      realScratch = new double[n];
    }
    return realScratch;
  }

  /** Copies {@code n} values (from whichever array holds them) into the vector's data from position {@code start}. */
  private static void copy(BaseFixedWidthVector values, int start, int n, int[] ints, long[] longs, double[] reals) {
    ByteBuffer out = values.getDataBuffer().nioBuffer((long) start * values.getTypeWidth(), n * values.getTypeWidth())
        .order(ByteOrder.LITTLE_ENDIAN);
    if (values instanceof Float8Vector) {
      for (int i = 0; i < n; i++) {
        out.putDouble(i * 8, ints != null ? ints[i] : longs != null ? longs[i] : reals[i]);
      }
    } else if (values instanceof Float4Vector) {
      for (int i = 0; i < n; i++) {
        out.putFloat(i * 4, (float) reals[i]);
      }
    } else if (values instanceof BigIntVector) {
      out.asLongBuffer().put(longs, 0, n);
    } else if (values instanceof IntVector) {
      out.asIntBuffer().put(ints, 0, n);
    } else if (values instanceof SmallIntVector) {
      for (int i = 0; i < n; i++) {
        out.putShort(i * 2, (short) ints[i]);
      }
    } else if (values instanceof TinyIntVector) {
      for (int i = 0; i < n; i++) {
        out.put(i, (byte) ints[i]);
      }
    }
  }
}
