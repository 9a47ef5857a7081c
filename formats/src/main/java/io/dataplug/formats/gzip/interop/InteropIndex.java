package io.dataplug.formats.gzip.interop;

import io.dataplug.formats.gzip.ResumePoint;
import io.dataplug.formats.index.IndexFormatException;
import io.dataplug.formats.storage.Blob;
import java.io.IOException;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A gzip index written by another tool (gztool, indexed_gzip or rapidgzip): where decoding can resume and the window
 * it needs there. Such indexes record no line starts and no identity of the file; readers find the first line after a
 * point by resync and check each point they stop at against the data (see {@code text.ResyncLineSplit}).
 *
 * @param kind {@code gztool} or {@code gzidx}
 * @param uri where the index was read from
 * @param points resume points in file order, without those at the start or end of the data
 * @param compressedLength the length of the gzip file it describes, -1 when the format does not record it
 * @param uncompressedLength the uncompressed length, -1 when not recorded
 */
public record InteropIndex(String kind, String uri, List<Point> points, long compressedLength,
    long uncompressedLength) {

  /** How a point's window is stored in the index file. */
  public enum WindowEncoding {
    /** No window: the point is the start of a gzip member's deflate data (right after its header). */
    NONE,
    /** The window's bytes as they are (indexed_gzip). */
    RAW,
    /** zlib-compressed (RFC 1950) window (gztool). */
    ZLIB
  }

  /**
   * One resume point.
   *
   * @param bitOffset compressed bit offset of the deflate block (or deflate data) that starts here
   * @param uncompressedOffset uncompressed offset there
   * @param windowPosition byte position of the window in the index file
   * @param windowLength stored length of the window
   */
  public record Point(long bitOffset, long uncompressedOffset, WindowEncoding encoding, long windowPosition,
      int windowLength) {
    public long compressedByteOffset() {
      return bitOffset >>> 3;
    }
  }

  /** Where decoding resumes at point {@code k}, with its window fetched by a ranged read of the index file. */
  public ResumePoint resumePoint(Blob indexBlob, int k) throws IOException {
    Point point = points.get(k);
    return new ResumePoint(point.bitOffset(), point.uncompressedOffset(), false, window(indexBlob, point));
  }

  /** The window of a point (up to 32 KiB of output before it; some tools zero bytes nothing refers to). */
  public byte[] window(Blob indexBlob, Point point) throws IOException {
    if (point.encoding() == WindowEncoding.NONE) {
      return new byte[0];
    }
    byte[] stored = new byte[point.windowLength()];
    indexBlob.readFully(point.windowPosition(), stored, 0, stored.length);
    if (point.encoding() == WindowEncoding.RAW) {
      return stored;
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(stored);
      byte[] window = new byte[32 << 10];
      int n = 0;
      while (!inflater.finished() && n < window.length) {
        int got = inflater.inflate(window, n, window.length - n);
        if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += got;
      }
      if (!inflater.finished()) {
        throw new IndexFormatException(uri + ": the window at byte " + point.windowPosition()
            + " is not a zlib stream of at most 32 KiB (a corrupt " + kind + " index)");
      }
      return java.util.Arrays.copyOf(window, n);
    } catch (DataFormatException e) {
      throw new IndexFormatException(uri + ": the window at byte " + point.windowPosition() + " does not inflate ("
          + e.getMessage() + "): a corrupt " + kind + " index");
    } finally {
      inflater.end();
    }
  }
}
