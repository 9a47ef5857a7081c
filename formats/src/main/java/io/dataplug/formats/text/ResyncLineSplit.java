package io.dataplug.formats.text;

import io.dataplug.formats.gzip.Bgzf;
import io.dataplug.formats.gzip.GzipDecoder;
import io.dataplug.formats.gzip.GzipFormatException;
import io.dataplug.formats.gzip.ResumePoint;
import io.dataplug.formats.gzip.interop.InteropIndex;
import io.dataplug.formats.index.IndexFormatException;
import io.dataplug.formats.storage.Blob;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The lines one split of a gzip file owns when the points it decodes from are known but line starts are not (a
 * gztool or GZIDX index, or BGZF blocks found by scanning), by Hadoop's rule applied to uncompressed bytes: a split
 * that decodes from point {@code u_s} up to point {@code u_e} owns the lines that start in {@code (u_s, u_e]} (the
 * first split also the line at 0). It drops the bytes through the first '\n' it decodes (except at the file start),
 * then gives whole lines until it has given one that ends at or after {@code u_e}. The next split, starting at
 * {@code u_e}, drops exactly that line, so no line is lost or read twice.
 */
public final class ResyncLineSplit extends InputStream {
  /** Where the split ends, and the checks of the decode points it passes. */
  interface EndPoint {
    /** Called at each boundary the decoder stops at, before any byte after it. */
    void atBoundary(GzipDecoder decoder) throws IOException;

    /** Uncompressed offset of the split's end point, or {@link Long#MAX_VALUE} while unknown (or at the end). */
    long end();

    /** Called before the bytes {@code [from, to)} are used. */
    void beforeBytes(long from, long to) throws IOException;

    /** Called at the end of the data. */
    void atEndOfData(long position) throws IOException;
  }

  private final GzipDecoder decoder;
  private final EndPoint endPoint;
  /** What a corrupt stream from the split's first point means (for a foreign index: that the index does not match). */
  private final java.util.function.Function<GzipFormatException, IOException> corruptFromStart;
  private final byte[] buffer = new byte[64 << 10];
  private boolean skipping;
  private boolean done;
  private int at;
  private int limit;

  private ResyncLineSplit(GzipDecoder decoder, boolean atFileStart, EndPoint endPoint) {
    this(decoder, atFileStart, endPoint, e -> e);
  }

  private ResyncLineSplit(GzipDecoder decoder, boolean atFileStart, EndPoint endPoint,
      java.util.function.Function<GzipFormatException, IOException> corruptFromStart) {
    this.decoder = decoder;
    this.skipping = !atFileStart;
    this.endPoint = endPoint;
    this.corruptFromStart = corruptFromStart;
  }

  /**
   * The lines of split {@code [start, end)} (compressed bytes) through a foreign index: from its first point at or
   * after {@code start} (the file's start for the first split) to its first at or after {@code end}; null when the
   * split owns none. Each point a split reaches is checked against the data (a deflate block, or a member's deflate
   * data, starts there, and its window matches what precedes it), so an index of another file fails the task that
   * first meets it instead of giving wrong lines.
   */
  public static ResyncLineSplit ofForeignIndex(Blob data, Blob indexBlob, InteropIndex index, long start, long end)
      throws IOException {
    List<InteropIndex.Point> points = index.points();
    int first = start == 0 ? -1 : firstPointAtOrAfter(points, start);
    int last = firstPointAtOrAfter(points, end);
    if (start > 0 && (first < 0 || first == last)) {
      return null;
    }
    ResumePoint from = first < 0 ? ResumePoint.FILE_START : index.resumePoint(indexBlob, first);
    // The Java engine reports every deflate block start and the window before it: what the checks need.
    GzipDecoder decoder = GzipDecoder.resume(data, from, data.length(), GzipDecoder.Engine.JAVA);
    // Data that does not decode from the split's own first point says the same as a failed check at a later one.
    java.util.function.Function<GzipFormatException, IOException> corrupt = first < 0 ? e -> e
        : e -> PointCheck.mismatch(index, data, first, points.get(first), "decoding from it fails (" + e.getMessage()
            + ")", e);
    return new ResyncLineSplit(decoder, first < 0, new PointCheck(data, indexBlob, index, last), corrupt);
  }

  private static int firstPointAtOrAfter(List<InteropIndex.Point> points, long offset) {
    for (int k = 0; k < points.size(); k++) {
      if (points.get(k).compressedByteOffset() >= offset) {
        return k;
      }
    }
    return -1;
  }

  /**
   * The lines of split {@code [start, end)} of a BGZF file without an index: from the first block at or after
   * {@code start} up to the first at or after {@code end}; null when no block starts in the split. Every block's
   * CRC32 and size are checked.
   */
  public static ResyncLineSplit ofBgzfBlocks(Blob data, long start, long end) throws IOException {
    long firstBlock = Bgzf.nextBlockAtOrAfter(data, start);
    if (firstBlock < 0 || firstBlock >= end) {
      return null;
    }
    GzipDecoder decoder = GzipDecoder.resume(data, new ResumePoint(firstBlock * 8, 0, true, null), data.length(),
        GzipDecoder.Engine.NATIVE);
    return new ResyncLineSplit(decoder, firstBlock == 0, new EndPoint() {
      private long endOffset = Long.MAX_VALUE;

      @Override
      public void atBoundary(GzipDecoder d) {
        if (endOffset == Long.MAX_VALUE && d.boundary() == GzipDecoder.Boundary.MEMBER
            && d.boundaryBitOffset() >>> 3 >= end) {
          endOffset = d.position();
        }
      }

      @Override
      public long end() {
        return endOffset;
      }

      @Override
      public void beforeBytes(long from, long to) {}

      @Override
      public void atEndOfData(long position) {}
    });
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (at >= limit) {
      if (done) {
        return -1;
      }
      fill();
    }
    int n = Math.min(len, limit - at);
    System.arraycopy(buffer, at, b, off, n);
    at += n;
    return n;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  private void fill() throws IOException {
    long start = decoder.position();
    int n;
    try {
      n = decoder.read(buffer, 0, buffer.length);
    } catch (GzipFormatException e) {
      throw corruptFromStart.apply(e);
    }
    at = 0;
    limit = 0;
    if (n == 0) {
      endPoint.atBoundary(decoder);
      return;
    }
    if (n < 0) {
      endPoint.atEndOfData(start);
      done = true;
      return;
    }
    endPoint.beforeBytes(start, start + n);
    limit = n;
    long end = endPoint.end();
    if (skipping) {
      int newline = Newlines.next(buffer, 0, n);
      if (newline >= n) {
        limit = 0;
        return;
      }
      skipping = false;
      if (start + newline >= end) {
        // The first line after the split's start point starts after its end point: the split owns no line.
        done = true;
        limit = 0;
        return;
      }
      at = newline + 1;
    }
    if (start + limit > end) {
      int newline = Newlines.next(buffer, (int) Math.max(at, end - start), limit);
      if (newline < limit) {
        limit = newline + 1;
        done = true;
      }
    }
  }

  @Override
  public void close() {
    decoder.close();
  }

  /** Checks the foreign index's point where the split ends when decoding reaches it. */
  private static final class PointCheck implements EndPoint {
    private final Blob data;
    private final Blob indexBlob;
    private final InteropIndex index;
    private final int last;
    private final InteropIndex.Point point;
    private boolean verified;

    PointCheck(Blob data, Blob indexBlob, InteropIndex index, int last) {
      this.data = data;
      this.indexBlob = indexBlob;
      this.index = index;
      this.last = last;
      this.point = last < 0 ? null : index.points().get(last);
    }

    @Override
    public long end() {
      return point == null ? Long.MAX_VALUE : point.uncompressedOffset();
    }

    @Override
    public void atBoundary(GzipDecoder d) throws IOException {
      if (point == null || verified || d.position() != point.uncompressedOffset()) {
        return;
      }
      if (point.encoding() == InteropIndex.WindowEncoding.NONE) {
        verified = d.boundary() == GzipDecoder.Boundary.MEMBER && d.memberDataBitOffset() == point.bitOffset();
      } else if (d.boundary() == GzipDecoder.Boundary.BLOCK && d.boundaryBitOffset() == point.bitOffset()) {
        checkWindow(d.window());
        verified = true;
      }
    }

    private void checkWindow(byte[] actual) throws IOException {
      byte[] stored = index.window(indexBlob, point);
      int n = Math.min(actual.length, stored.length);
      for (int i = 1; i <= n; i++) {
        byte want = stored[stored.length - i];
        // Zero bytes may be ones nothing refers to, which rapidgzip blanks ("sparse windows").
        if (want != 0 && want != actual[actual.length - i]) {
          throw mismatch("its window differs from the data before it at uncompressed byte "
              + (point.uncompressedOffset() - i));
        }
      }
    }

    @Override
    public void beforeBytes(long from, long to) throws IOException {
      if (point != null && !verified && to > point.uncompressedOffset()) {
        throw mismatch("decoding the file finds no deflate block starting at compressed bit " + point.bitOffset()
            + " with uncompressed byte " + point.uncompressedOffset());
      }
    }

    @Override
    public void atEndOfData(long position) throws IOException {
      if (point != null && !verified) {
        throw mismatch("the data ends at uncompressed byte " + position + ", before it");
      }
      if (point == null && index.uncompressedLength() >= 0 && position != index.uncompressedLength()) {
        throw new IndexFormatException(index.uri() + " (" + index.kind() + " index) says " + data.uri() + " holds "
            + index.uncompressedLength() + " uncompressed bytes; decoding it gives " + position + ": the index is"
            + " of another file or of an older version of this one; remove it or rebuild it");
      }
    }

    private IndexFormatException mismatch(String what) {
      return mismatch(index, data, last, point, what, null);
    }

    static IndexFormatException mismatch(InteropIndex index, Blob data, int number, InteropIndex.Point point,
        String what, Throwable cause) {
      IndexFormatException e = new IndexFormatException(index.uri() + " (" + index.kind() + " index) does not match "
          + data.uri() + " at its point " + number + " (compressed byte " + point.compressedByteOffset()
          + ", uncompressed byte " + point.uncompressedOffset() + "): " + what + "; it is an index of another file"
          + " or of an older version of this one (or the file is corrupt): remove it or rebuild it");
      if (cause != null) {
        e.initCause(cause);
      }
      return e;
    }
  }
}
