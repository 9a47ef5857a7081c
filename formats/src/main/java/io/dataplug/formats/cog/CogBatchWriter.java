package io.dataplug.formats.cog;

import io.dataplug.formats.api.ArrowBatchWriter;
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

  /** Writes band {@code band} of the tile's window into {@code values} from position {@code start}. */
  private void writeBand(BaseFixedWidthVector values, int start, RasterLevel level, TileBounds b,
      TileDecoder.Samples samples, int band, byte[] mask) {
    SampleType type = level.compression() == 7 ? SampleType.UINT8 : level.type();
    int bytes = type.bytes();
    boolean planar = level.planar();
    int spp = planar ? 1 : level.samples();
    int planeBytes = level.tileWidth() * level.tileHeight() * spp * bytes;
    int planeBase = planar ? band * planeBytes : 0;
    int sampleInPixel = planar ? 0 : band;
    ByteBuffer in = ByteBuffer.wrap(samples.data()).order(samples.order());
    Double nodataValue = slice.nodata();
    boolean nanNodata = nodataValue != null && Double.isNaN(nodataValue);
    double nd = nodataValue == null ? 0 : nodataValue;
    int maskRowBytes = (level.tileWidth() + 7) / 8;
    ArrowBuf validity = values.getValidityBuffer();
    ArrowBuf out = values.getDataBuffer();
    int outBytes = values.getTypeWidth();
    int n = 0;
    for (int r = 0; r < b.height(); r++) {
      for (int c = 0; c < b.width(); c++, n++) {
        int at = planeBase + ((r * level.tileWidth() + c) * spp + sampleInPixel) * bytes;
        double asDouble;
        long asLong = 0;
        switch (type) {
          case INT8 -> asLong = in.get(at);
          case UINT8 -> asLong = in.get(at) & 0xFF;
          case INT16 -> asLong = in.getShort(at);
          case UINT16 -> asLong = in.getShort(at) & 0xFFFF;
          case INT32 -> asLong = in.getInt(at);
          case UINT32 -> asLong = in.getInt(at) & 0xFFFFFFFFL;
          default -> {
          }
        }
        asDouble = switch (type) {
          case FLOAT32 -> in.getFloat(at);
          case FLOAT64 -> in.getDouble(at);
          default -> asLong;
        };
        int position = start + n;
        boolean valid = mask == null || (mask[r * maskRowBytes + (c >>> 3)] & (0x80 >>> (c & 7))) != 0;
        if (valid && nodataValue != null) {
          valid = nanNodata ? !Double.isNaN(asDouble) : asDouble != nd;
        }
        int byteIndex = position >>> 3;
        int bit = 1 << (position & 7);
        validity.setByte(byteIndex, valid ? validity.getByte(byteIndex) | bit : validity.getByte(byteIndex) & ~bit);
        long offset = (long) position * outBytes;
        if (values instanceof Float8Vector) {
          out.setDouble(offset, asDouble);
        } else if (values instanceof Float4Vector) {
          out.setFloat(offset, (float) asDouble);
        } else if (values instanceof BigIntVector) {
          out.setLong(offset, asLong);
        } else if (values instanceof IntVector) {
          out.setInt(offset, (int) asLong);
        } else if (values instanceof SmallIntVector) {
          out.setShort(offset, (short) asLong);
        } else if (values instanceof TinyIntVector) {
          out.setByte(offset, (byte) asLong);
        }
      }
    }
  }
}
