package io.dataplug.formats.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.Zstd;
import io.dataplug.formats.codec.Inflating;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * One numcodecs codec of a Zarr v2 array, a compressor or a filter (SPECS.md section 4 lists their framing). A chunk
 * is decoded by the compressor, then by the filters in reverse order.
 */
sealed interface ZarrCodec extends Serializable {

  /**
   * Decodes {@code length} bytes of {@code in}; {@code expected} is the decoded size when the caller knows it (-1
   * otherwise), so that a codec can decode into an array of that size; {@code where} names the chunk in errors;
   * {@code decoding} holds the reader's inflater (null: the JDK's, made for this call).
   */
  byte[] decode(byte[] in, int length, int expected, String where, ChunkDecoding decoding) throws ZarrFormatException;

  String id();

  /** Whether decoding keeps the size (a shuffle does), so that the size after it is known before it. */
  default boolean preservesSize() {
    return false;
  }

  static ZarrCodec parse(JsonNode node, String where) throws ZarrFormatException {
    String id = node.path("id").asText("");
    return switch (id) {
      case "zlib" -> new Zlib();
      case "gzip", "bz2" -> new StreamCodec(id);
      case "zstd" -> new ZstdCodec();
      case "lz4" -> new Lz4();
      case "blosc" -> new BloscCodec();
      case "shuffle" -> new ShuffleFilter(node.path("elementsize").asInt(4));
      case "delta" -> new Delta(dtype(node, "dtype", where), dtype(node.has("astype") ? node : null, "astype", where,
          dtype(node, "dtype", where)));
      case "fixedscaleoffset" -> new FixedScaleOffset(node.path("offset").asDouble(0), node.path("scale").asDouble(1),
          dtype(node, "dtype", where), dtype(node.has("astype") ? node : null, "astype", where,
          dtype(node, "dtype", where)));
      default -> throw new ZarrFormatException(where + ": codec '" + id + "' is not supported (compressors zlib, gzip,"
          + " bz2, zstd, lz4, blosc; filters shuffle, delta, fixedscaleoffset)");
    };
  }

  private static ZarrDtype dtype(JsonNode node, String field, String where) throws ZarrFormatException {
    return ZarrDtype.parse(node.path(field).asText(null), where + " codec field " + field);
  }

  private static ZarrDtype dtype(JsonNode node, String field, String where, ZarrDtype otherwise)
      throws ZarrFormatException {
    return node == null || node.path(field).isNull() ? otherwise : dtype(node, field, where);
  }

  private static ZarrFormatException corrupt(String where, String id, String what) {
    return new ZarrFormatException(where + ": corrupt " + id + " data (" + what + ")");
  }

  private static byte[] readAll(InputStream in, String where, String id) throws ZarrFormatException {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw corrupt(where, id, e.getMessage());
    }
  }

  record Zlib() implements ZarrCodec {
    @Override
    public String id() {
      return "zlib";
    }

    /**
     * Inflates into an array of {@code expected} bytes when the size is known (no second copy), with the reader's
     * engine; else grows one.
     */
    @Override
    public byte[] decode(byte[] in, int length, int expected, String where, ChunkDecoding decoding)
        throws ZarrFormatException {
      if (expected > 0 && decoding != null) {
        byte[] out = new byte[expected];
        try {
          int n = decoding.zlib().inflateWhole(in, length, out, expected);
          if (n == io.dataplug.formats.codec.LibDeflate.MORE_THAN_FITS) {
            throw corrupt(where, id(), "it decodes to more than the " + expected + " bytes of the chunk");
          }
          return n == expected ? out : java.util.Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
          throw corrupt(where, id(), e.getMessage());
        }
      }
      Inflater inflater = new Inflater();
      try {
        inflater.setInput(in, 0, length);
        byte[] out = new byte[expected > 0 ? expected : Math.max(64, length * 4)];
        int n = Inflating.inflate(inflater, out, out.length);
        while (!inflater.finished()) {
          if (inflater.needsInput() || inflater.needsDictionary()) {
            throw corrupt(where, id(), "the stream ends early");
          }
          out = java.util.Arrays.copyOf(out, out.length * 2);
          n += Inflating.inflate(inflater, out, n, out.length - n);
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
      } catch (DataFormatException e) {
        throw corrupt(where, id(), e.getMessage());
      } finally {
        inflater.end();
      }
    }
  }

  /** gzip (one member) and bz2: read as streams, their sizes not known beforehand. */
  record StreamCodec(String id) implements ZarrCodec {
    @Override
    public byte[] decode(byte[] in, int length, int expected, String where, ChunkDecoding decoding)
        throws ZarrFormatException {
      ByteArrayInputStream bytes = new ByteArrayInputStream(in, 0, length);
      try {
        return readAll(id.equals("gzip") ? new GZIPInputStream(bytes) : new BZip2CompressorInputStream(bytes), where,
            id);
      } catch (IOException e) {
        throw corrupt(where, id, e.getMessage());
      }
    }
  }

  record ZstdCodec() implements ZarrCodec {
    @Override
    public String id() {
      return "zstd";
    }

    @Override
    public byte[] decode(byte[] in, int length, int expected, String where, ChunkDecoding decoding)
        throws ZarrFormatException {
      byte[] src = length == in.length ? in : java.util.Arrays.copyOf(in, length);
      long size = Zstd.decompressedSize(src);
      if (size > 0 && size < Integer.MAX_VALUE) {
        byte[] out = new byte[(int) size];
        long n = Zstd.decompressByteArray(out, 0, out.length, src, 0, length);
        if (Zstd.isError(n) || n != size) {
          throw corrupt(where, id(), Zstd.isError(n) ? Zstd.getErrorName(n) : n + " bytes, the frame says " + size);
        }
        return out;
      }
      // numcodecs may write frames without their content size: stream them.
      return readAll(zstdStream(src), where, id());
    }

    private static InputStream zstdStream(byte[] src) throws ZarrFormatException {
      try {
        return new com.github.luben.zstd.ZstdInputStream(new ByteArrayInputStream(src));
      } catch (IOException e) {
        throw new ZarrFormatException("zstd: " + e.getMessage(), e);
      }
    }
  }

  /** numcodecs LZ4: a little-endian u32 of the decoded size, then one LZ4 block. */
  record Lz4() implements ZarrCodec {
    @Override
    public String id() {
      return "lz4";
    }

    @Override
    public byte[] decode(byte[] in, int length, int expected, String where, ChunkDecoding decoding)
        throws ZarrFormatException {
      if (length < 4) {
        throw corrupt(where, id(), length + " bytes, less than its 4-byte size");
      }
      int size = (in[0] & 0xff) | (in[1] & 0xff) << 8 | (in[2] & 0xff) << 16 | (in[3] & 0xff) << 24;
      if (size < 0) {
        throw corrupt(where, id(), "size " + Integer.toUnsignedString(size));
      }
      byte[] out = new byte[size];
      try {
        int n = LZ4Factory.fastestInstance().safeDecompressor().decompress(in, 4, length - 4, out, 0, size);
        if (n != size) {
          throw corrupt(where, id(), n + " bytes, the header says " + size);
        }
      } catch (LZ4Exception e) {
        throw corrupt(where, id(), e.getMessage());
      }
      return out;
    }
  }

  record BloscCodec() implements ZarrCodec {
    @Override
    public String id() {
      return "blosc";
    }

    @Override
    public byte[] decode(byte[] in, int length, int expected, String where, ChunkDecoding decoding)
        throws ZarrFormatException {
      LibBlosc.Decoder cBlosc = decoding == null ? null : decoding.blosc();
      int nbytes = Blosc.header(in, length, where);
      return cBlosc == null || nbytes == 0 ? Blosc.decode(in, length, where)
          : cBlosc.decode(in, length, nbytes, where);
    }
  }

  record ShuffleFilter(int elementSize) implements ZarrCodec {
    @Override
    public String id() {
      return "shuffle";
    }

    @Override
    public boolean preservesSize() {
      return true;
    }

    @Override
    public byte[] decode(byte[] in, int length, int expected, String where, ChunkDecoding decoding) {
      byte[] out = new byte[length];
      Shuffle.unshuffle(in, 0, length, Math.max(1, elementSize), out, 0);
      return out;
    }
  }

  /**
   * numcodecs Delta: the first element as is, then differences, stored as {@code astype}; decoded by a cumulative sum
   * in {@code dtype}.
   */
  record Delta(ZarrDtype dtype, ZarrDtype astype) implements ZarrCodec {
    @Override
    public String id() {
      return "delta";
    }

    @Override
    public boolean preservesSize() {
      return dtype.size() == astype.size();
    }

    @Override
    public byte[] decode(byte[] in, int length, int expected, String where, ChunkDecoding decoding)
        throws ZarrFormatException {
      Numbers.requireNumeric(dtype, where, id());
      Numbers.requireNumeric(astype, where, id());
      int n = length / astype.size();
      ByteBuffer src = ByteBuffer.wrap(in, 0, length).order(astype.order());
      ByteBuffer out = ByteBuffer.allocate(n * dtype.size()).order(dtype.order());
      if (dtype.kind() == 'f') {
        double sum = 0;
        for (int i = 0; i < n; i++) {
          sum = Numbers.roundToFloat(dtype, sum + Numbers.getDouble(src, astype, i));
          Numbers.putDouble(out, dtype, i, sum);
        }
      } else {
        long sum = 0;
        for (int i = 0; i < n; i++) {
          sum += Numbers.getLong(src, astype, i);
          Numbers.putLong(out, dtype, i, sum);
        }
      }
      return out.array();
    }
  }

  /**
   * numcodecs FixedScaleOffset: stored as {@code round((x - offset) * scale)} in {@code astype}; decoded as
   * {@code enc / scale + offset}.
   */
  record FixedScaleOffset(double offset, double scale, ZarrDtype dtype, ZarrDtype astype) implements ZarrCodec {
    @Override
    public String id() {
      return "fixedscaleoffset";
    }

    @Override
    public boolean preservesSize() {
      return dtype.size() == astype.size();
    }

    @Override
    public byte[] decode(byte[] in, int length, int expected, String where, ChunkDecoding decoding)
        throws ZarrFormatException {
      Numbers.requireNumeric(dtype, where, id());
      Numbers.requireNumeric(astype, where, id());
      int n = length / astype.size();
      ByteBuffer src = ByteBuffer.wrap(in, 0, length).order(astype.order());
      ByteBuffer out = ByteBuffer.allocate(n * dtype.size()).order(dtype.order());
      for (int i = 0; i < n; i++) {
        double value = Numbers.getDouble(src, astype, i) / scale + offset;
        if (dtype.kind() == 'f') {
          Numbers.putDouble(out, dtype, i, value);
        } else {
          Numbers.putLong(out, dtype, i, (long) value);
        }
      }
      return out.array();
    }
  }
}
