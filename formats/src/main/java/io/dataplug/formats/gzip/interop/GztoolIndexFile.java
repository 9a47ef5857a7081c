package io.dataplug.formats.gzip.interop;

import io.dataplug.formats.gzip.interop.InteropIndex.Point;
import io.dataplug.formats.gzip.interop.InteropIndex.WindowEncoding;
import io.dataplug.formats.index.IndexFormatException;
import io.dataplug.formats.storage.Blob;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * gztool's index file (gztool 1.x, {@code serialize_index_to_file} in gztool.c), all integers big-endian:
 *
 * <pre>
 *   u64 0 | "gzipindx" (v0) or "gzipindX" (v1, with line numbers: then u32 line-number format)
 *   | u64 points | u64 points again (all ones while gztool is still writing)
 *   | per point: u64 uncompressed offset, u64 first full compressed byte, u32 bits taken from the byte before it,
 *     u32 window length, the window (zlib-compressed 32 KiB of output, none at the first point), (v1) u64 line number
 *   | u64 uncompressed length | (v1) u64 line count
 * </pre>
 *
 * The leading zeros make it readable as an empty bgzip {@code .gzi}; the identifier tells the two apart.
 */
public final class GztoolIndexFile {
  static final byte[] ID_V0 = "gzipindx".getBytes(StandardCharsets.US_ASCII);
  static final byte[] ID_V1 = "gzipindX".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_WINDOW_STORED = 64 << 10;

  private GztoolIndexFile() {}

  /** Whether the first 16 bytes of a file are a gztool index's. */
  static boolean matches(byte[] head) {
    if (head.length < 16) {
      return false;
    }
    for (int i = 0; i < 8; i++) {
      if (head[i] != 0) {
        return false;
      }
    }
    return java.util.Arrays.equals(head, 8, 16, ID_V0, 0, 8) || java.util.Arrays.equals(head, 8, 16, ID_V1, 0, 8);
  }

  /** Reads a whole gztool index (they are small: windows compressed, one per 10 MiB of output by default). */
  public static InteropIndex read(Blob indexBlob) throws IOException {
    long length = indexBlob.length();
    if (length > Integer.MAX_VALUE - 16) {
      throw corrupt(indexBlob, "is larger than 2 GiB");
    }
    byte[] bytes = new byte[(int) length];
    indexBlob.readFully(0, bytes, 0, bytes.length);
    if (!matches(bytes)) {
      throw corrupt(indexBlob, "does not start with gztool's identifier (8 zero bytes, then gzipindx or gzipindX)");
    }
    boolean withLines = bytes[15] == 'X';
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    in.position(16 + (withLines ? 4 : 0));
    try {
      long have = in.getLong();
      long size = in.getLong();
      if (size == -1L) {
        throw corrupt(indexBlob, "is incomplete (gztool was still writing it when it stopped): let gztool finish it"
            + " (gztool -i FILE) or build this project's index");
      }
      if (have < 0 || have > length / 24) {
        throw corrupt(indexBlob, "declares " + have + " points, more than its " + length + " bytes can hold");
      }
      List<Point> points = new ArrayList<>();
      for (long i = 0; i < have; i++) {
        long out = in.getLong();
        long firstFullByte = in.getLong();
        int bits = in.getInt();
        long windowLength = Integer.toUnsignedLong(in.getInt());
        if (bits < 0 || bits > 7 || out < 0 || firstFullByte < 0 || windowLength > MAX_WINDOW_STORED
            || (bits > 0 && firstFullByte == 0)) {
          throw corrupt(indexBlob, "point " + i + " at byte " + (in.position() - 24) + " is not valid (bits " + bits
              + ", window of " + windowLength + " bytes)");
        }
        long windowPosition = in.position();
        in.position(Math.toIntExact(windowPosition + windowLength));
        if (withLines) {
          in.getLong();
        }
        points.add(new Point(firstFullByte * 8 - bits, out,
            windowLength == 0 ? WindowEncoding.NONE : WindowEncoding.ZLIB, windowPosition, (int) windowLength));
      }
      long uncompressedLength = in.getLong();
      if (withLines) {
        in.getLong();
      }
      if (in.hasRemaining()) {
        throw corrupt(indexBlob, "has " + in.remaining() + " bytes after its last point and length");
      }
      return new InteropIndex("gztool", indexBlob.uri(), InteropIndexes.inner(indexBlob.uri(), points, uncompressedLength, -1),
          -1, uncompressedLength);
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException | ArithmeticException e) {
      throw corrupt(indexBlob, "ends inside its point table (truncated or not a gztool index)");
    }
  }

  /** Writes a gztool v0 index (no line numbers) of these points; windows are compressed as gztool does. */
  public static void write(OutputStream target, List<ExportPoint> points, long uncompressedLength) throws IOException {
    DataOutputStream out = new DataOutputStream(target);
    out.writeLong(0);
    out.write(ID_V0);
    out.writeLong(points.size());
    out.writeLong(points.size());
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    try {
      byte[] buffer = new byte[64 << 10];
      for (ExportPoint point : points) {
        long firstFullByte = (point.bitOffset() + 7) >>> 3;
        out.writeLong(point.uncompressedOffset());
        out.writeLong(firstFullByte);
        out.writeInt((int) (firstFullByte * 8 - point.bitOffset()));
        if (point.window().length == 0) {
          out.writeInt(0);
          continue;
        }
        deflater.reset();
        deflater.setInput(point.window());
        deflater.finish();
        int n = 0;
        while (!deflater.finished()) {
          n += deflater.deflate(buffer, n, buffer.length - n);
        }
        out.writeInt(n);
        out.write(buffer, 0, n);
      }
    } finally {
      deflater.end();
    }
    out.writeLong(uncompressedLength);
    out.flush();
  }

  private static IndexFormatException corrupt(Blob indexBlob, String what) {
    return new IndexFormatException(indexBlob.uri() + " (a gztool index) " + what);
  }
}
