package io.dataplug.formats.gzip.interop;

import io.dataplug.formats.gzip.interop.InteropIndex.Point;
import io.dataplug.formats.gzip.interop.InteropIndex.WindowEncoding;
import io.dataplug.formats.index.IndexFormatException;
import io.dataplug.formats.storage.Blob;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * indexed_gzip's {@code GZIDX} index file ({@code zran_export_index} in indexed_gzip's zran.c; rapidgzip exports the
 * same by default), integers little-endian:
 *
 * <pre>
 *   "GZIDX" | u8 version (0 or 1) | u8 flags | u64 compressed length | u64 uncompressed length | u32 spacing
 *   | u32 window size | u32 points
 *   | per point: u64 first full compressed byte, u64 uncompressed offset, u8 bits back from that byte,
 *     (v1) u8 1 when the point has a window
 *   | the windows of the points that have one, in order, each exactly "window size" bytes
 * </pre>
 *
 * Version 0 has a window at every point but the first. A point without one starts a gzip member's deflate data.
 * The planner reads the header and point table in one request and a task fetches only its own window.
 */
public final class GzidxIndexFile {
  static final byte[] ID = "GZIDX".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = 5 + 1 + 1 + 8 + 8 + 4 + 4 + 4;
  private static final int WINDOW = 32 << 10;

  private GzidxIndexFile() {}

  static boolean matches(byte[] head) {
    return head.length >= 5 && java.util.Arrays.equals(head, 0, 5, ID, 0, 5);
  }

  public static InteropIndex read(Blob indexBlob) throws IOException {
    long length = indexBlob.length();
    if (length < HEADER) {
      throw corrupt(indexBlob, "is shorter than its " + HEADER + "-byte header");
    }
    byte[] head = new byte[HEADER];
    indexBlob.readFully(0, head, 0, HEADER);
    if (!matches(head)) {
      throw corrupt(indexBlob, "does not start with GZIDX");
    }
    ByteBuffer in = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    in.position(5);
    int version = in.get() & 0xFF;
    in.get();
    long compressedLength = in.getLong();
    long uncompressedLength = in.getLong();
    in.getInt();
    long windowSize = Integer.toUnsignedLong(in.getInt());
    long count = Integer.toUnsignedLong(in.getInt());
    if (version > 1) {
      throw corrupt(indexBlob, "is GZIDX version " + version + "; versions 0 and 1 are known");
    }
    int entry = version == 0 ? 17 : 18;
    if (windowSize == 0 || windowSize > (1 << 20) || HEADER + count * entry > length) {
      throw corrupt(indexBlob, "declares " + count + " points with windows of " + windowSize
          + " bytes, which its " + length + " bytes cannot hold");
    }
    byte[] table = new byte[(int) (count * entry)];
    indexBlob.readFully(HEADER, table, 0, table.length);
    ByteBuffer t = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
    List<Point> points = new ArrayList<>();
    long windowAt = HEADER + table.length;
    for (int i = 0; i < count; i++) {
      long firstFullByte = t.getLong();
      long out = t.getLong();
      int bits = t.get() & 0xFF;
      boolean hasWindow = version == 0 ? i > 0 : t.get() != 0;
      if (bits > 7 || firstFullByte < 0 || out < 0 || (bits > 0 && !hasWindow)) {
        throw corrupt(indexBlob, "point " + i + " is not valid (bits " + bits + ")");
      }
      // Only the last 32 KiB of a larger window can be referenced (RFC 1951 section 2: distances up to 32768).
      int kept = (int) Math.min(WINDOW, windowSize);
      points.add(new Point(firstFullByte * 8 - bits, out, hasWindow ? WindowEncoding.RAW : WindowEncoding.NONE,
          hasWindow ? windowAt + windowSize - kept : -1, hasWindow ? kept : 0));
      if (hasWindow) {
        windowAt += windowSize;
      }
    }
    if (windowAt != length) {
      throw corrupt(indexBlob, "is " + length + " bytes long, but its header and point table say " + windowAt
          + " (truncated or not a GZIDX index)");
    }
    return new InteropIndex("gzidx", indexBlob.uri(),
        InteropIndexes.inner(indexBlob.uri(), points, uncompressedLength > 0 ? uncompressedLength : -1, compressedLength),
        compressedLength > 0 ? compressedLength : -1, uncompressedLength > 0 ? uncompressedLength : -1);
  }

  /** Writes a GZIDX version 1 index of these points, windows of 32 KiB (shorter ones zero-padded in front). */
  public static void write(OutputStream out, List<ExportPoint> points, long compressedLength, long uncompressedLength,
      long spacing) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(HEADER + points.size() * 18).order(ByteOrder.LITTLE_ENDIAN);
    head.put(ID).put((byte) 1).put((byte) 0).putLong(compressedLength).putLong(uncompressedLength)
        .putInt((int) Math.min(spacing, 0xFFFF_FFFFL)).putInt(WINDOW).putInt(points.size());
    for (ExportPoint point : points) {
      long firstFullByte = (point.bitOffset() + 7) >>> 3;
      head.putLong(firstFullByte).putLong(point.uncompressedOffset()).put((byte) (firstFullByte * 8 - point.bitOffset()))
          .put((byte) (point.window().length > 0 ? 1 : 0));
    }
    out.write(head.array());
    for (ExportPoint point : points) {
      byte[] window = point.window();
      if (window.length > 0) {
        out.write(new byte[WINDOW - Math.min(WINDOW, window.length)]);
        out.write(window, Math.max(0, window.length - WINDOW), Math.min(WINDOW, window.length));
      }
    }
    out.flush();
  }

  private static IndexFormatException corrupt(Blob indexBlob, String what) {
    return new IndexFormatException(indexBlob.uri() + " (a GZIDX index) " + what);
  }
}
