package io.dataplug.formats.cog;

import io.dataplug.formats.codec.BufferInflater;
import io.dataplug.formats.codec.InflaterEngine;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.zip.DataFormatException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import mil.nga.tiff.compression.LZWCompression;
import mil.nga.tiff.compression.PackbitsCompression;

/**
 * Turns one stored tile (one block per plane when planar) into its samples: decompressed, the predictor undone
 * (TIFF 6.0 section 14: horizontal differencing; TechNote 3: floating point), as bytes in the file's byte order,
 * laid out [row][column][sample] for a whole tile (edge tiles are stored full size). JPEG tiles are decoded by the
 * JDK's ImageIO (libjpeg, its default fancy chroma upsampling: the values Pillow's libjpeg-turbo gives; GDAL's
 * JPEG-in-TIFF path upsamples YCbCr chroma otherwise, so its values differ at colour edges).
 */
final class TileDecoder {
  private final InflaterEngine engine;
  private BufferInflater inflater;
  private byte[] inflated = new byte[0];

  TileDecoder(InflaterEngine engine) {
    this.engine = engine;
  }

  /**
   * Decoded samples of one tile: {@code bytes} per sample, {@code order} for multi-byte ones; {@code data} may be
   * longer than the tile, and may be reused by the decoder's next call.
   */
  record Samples(byte[] data, ByteOrder order) {}

  Samples decode(RasterLevel level, byte[][] planes, ByteOrder order, String where) throws IOException {
    int compression = level.compression();
    if (compression == 7) {
      return new Samples(jpeg(level, planes[0], where), order);
    }
    if (compression == 50001) {
      // TwelveMonkeys imageio-webp 3.14.0, the Java decoder that resolves here, differs from libwebp (GDAL's) by up
      // to 27 per sample on rasterio-written tiles: rows that far off would be wrong rows, so WebP is refused.
      throw new CogFormatException(where + " is compressed with WebP, which this reader does not decode (no Java"
          + " WebP decoder here matches libwebp); convert the file, for example gdal_translate -of COG -co"
          + " COMPRESS=DEFLATE");
    }
    int bytesPerSample = level.type() == null ? 1 : level.type().bytes();
    int planeSamples = level.planar() ? 1 : level.samples();
    int planeBytes = level.type() == null
        ? (level.tileWidth() + 7) / 8 * level.tileHeight()
        : level.tileWidth() * level.tileHeight() * planeSamples * bytesPerSample;
    byte[] out = planes.length == 1 ? null : new byte[planeBytes * planes.length];
    for (int p = 0; p < planes.length; p++) {
      byte[] plane = decompress(compression, planes[p], planeBytes, order, where);
      if (plane.length < planeBytes) {
        throw new CogFormatException(where + " decodes to " + plane.length + " bytes, not the " + planeBytes
            + " of a " + level.tileWidth() + "x" + level.tileHeight() + " tile");
      }
      if (level.type() != null) {
        unpredict(level, plane, planeSamples, order, where);
      }
      if (out == null) {
        return new Samples(plane, order);
      }
      System.arraycopy(plane, 0, out, p * planeBytes, planeBytes);
    }
    return new Samples(out, order);
  }

  private byte[] decompress(int compression, byte[] stored, int expected, ByteOrder order, String where)
      throws IOException {
    try {
      return switch (compression) {
        case 1 -> stored;
        case 8, 32946 -> inflate(stored, expected, where);
        case 5 -> new LZWCompression().decode(stored, order);
        case 32773 -> new PackbitsCompression().decode(stored, order);
        case 50000 -> com.github.luben.zstd.Zstd.decompress(stored, expected);
        default -> throw new CogFormatException(where + " is compressed with " + CogInfo.compressionName(compression)
            + ", which this reader does not decode");
      };
    } catch (CogFormatException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CogFormatException(where + " is corrupt: its " + CogInfo.compressionName(compression)
          + " data does not decode (" + e.getMessage() + ")", e);
    }
  }

  /** Inflates into a buffer this decoder reuses: the samples it returns are valid until its next decode. */
  private byte[] inflate(byte[] stored, int expected, String where) throws CogFormatException {
    if (inflated.length < expected) {
      inflated = new byte[expected];
    }
    byte[] out = inflated;
    if (inflater == null) {
      inflater = BufferInflater.open(engine, true);
    }
    try {
      int n = inflater.inflate(stored, stored.length, out, expected);
      if (n < expected) {
        throw new CogFormatException(where + " is truncated: its DEFLATE data ends after " + n + " of "
            + expected + " bytes");
      }
      return out;
    } catch (DataFormatException e) {
      throw new CogFormatException(where + " is corrupt: its DEFLATE data does not inflate (" + e.getMessage()
          + ")", e);
    }
  }

  /** Undoes predictor 2 (integers: each sample adds the one {@code stride} before it in the row) or 3 (floats). */
  private static void unpredict(RasterLevel level, byte[] data, int stride, ByteOrder order, String where)
      throws CogFormatException {
    int predictor = level.predictor();
    if (predictor == 1) {
      return;
    }
    int bytes = level.type().bytes();
    int rowSamples = level.tileWidth() * stride;
    int rowBytes = rowSamples * bytes;
    if (predictor == 2 && !level.type().floating()) {
      boolean little = order == ByteOrder.LITTLE_ENDIAN;
      for (int row = 0; row < level.tileHeight(); row++) {
        int base = row * rowBytes;
        for (int i = stride; i < rowSamples; i++) {
          int at = base + i * bytes;
          int before = at - stride * bytes;
          switch (bytes) {
            case 1 -> data[at] += data[before];
            case 2 -> put(data, at, 2, little, get(data, at, 2, little) + get(data, before, 2, little));
            case 4 -> put(data, at, 4, little, get(data, at, 4, little) + get(data, before, 4, little));
            default -> put(data, at, 8, little, get(data, at, 8, little) + get(data, before, 8, little));
          }
        }
      }
    } else if (predictor == 3 && level.type().floating()) {
      byte[] row = new byte[rowBytes];
      boolean little = order == ByteOrder.LITTLE_ENDIAN;
      for (int r = 0; r < level.tileHeight(); r++) {
        int base = r * rowBytes;
        for (int i = stride; i < rowBytes; i++) {
          data[base + i] += data[base + i - stride];
        }
        System.arraycopy(data, base, row, 0, rowBytes);
        // Byte plane j holds byte j (most significant first) of every sample of the row.
        for (int k = 0; k < rowSamples; k++) {
          for (int j = 0; j < bytes; j++) {
            data[base + k * bytes + (little ? bytes - 1 - j : j)] = row[j * rowSamples + k];
          }
        }
      }
    } else {
      throw new CogFormatException(where + " uses predictor " + predictor + " with " + level.type()
          + " samples, which this reader does not undo");
    }
  }

  private static long get(byte[] b, int at, int n, boolean little) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      int shift = little ? 8 * i : 8 * (n - 1 - i);
      v |= (b[at + i] & 0xFFL) << shift;
    }
    return v;
  }

  private static void put(byte[] b, int at, int n, boolean little, long v) {
    for (int i = 0; i < n; i++) {
      int shift = little ? 8 * i : 8 * (n - 1 - i);
      b[at + i] = (byte) (v >>> shift);
    }
  }

  /** A JPEG tile (JPEGTables spliced in front, TechNote 2) through ImageIO, as 8-bit samples laid out like the others. */
  private static byte[] jpeg(RasterLevel level, byte[] stored, String where) throws IOException {
    byte[] stream = stored;
    byte[] tables = level.jpegTables();
    if (level.compression() == 7 && tables != null && tables.length > 4) {
      // Tables are a complete SOI ... EOI stream; the tile starts with SOI: drop the tables' EOI and the tile's SOI.
      stream = new byte[tables.length - 2 + stored.length - 2];
      System.arraycopy(tables, 0, stream, 0, tables.length - 2);
      System.arraycopy(stored, 2, stream, tables.length - 2, stored.length - 2);
    }
    BufferedImage image;
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(stream))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new CogFormatException(where + " is " + CogInfo.compressionName(level.compression())
            + " but no ImageIO reader recognises its data");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        image = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (CogFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new CogFormatException(where + " is corrupt: its " + CogInfo.compressionName(level.compression())
          + " data does not decode (" + e.getMessage() + ")", e);
    }
    Raster raster = image.getRaster();
    int samples = level.samples();
    int w = level.tileWidth();
    int h = level.tileHeight();
    if (raster.getNumBands() < samples || raster.getWidth() < Math.min(w, level.width())
        || raster.getHeight() < Math.min(h, level.height())) {
      throw new CogFormatException(where + " decodes to a " + raster.getWidth() + "x" + raster.getHeight() + " image"
          + " of " + raster.getNumBands() + " bands, not a " + w + "x" + h + " tile of " + samples);
    }
    byte[] out = new byte[w * h * samples];
    int rw = Math.min(w, raster.getWidth());
    int rh = Math.min(h, raster.getHeight());
    int[] row = new int[rw * raster.getNumBands()];
    for (int y = 0; y < rh; y++) {
      raster.getPixels(0, y, rw, 1, row);
      for (int x = 0; x < rw; x++) {
        for (int s = 0; s < samples; s++) {
          out[(y * w + x) * samples + s] = (byte) row[x * raster.getNumBands() + s];
        }
      }
    }
    return out;
  }

  void close() {
    if (inflater != null) {
      inflater.close();
    }
  }
}
