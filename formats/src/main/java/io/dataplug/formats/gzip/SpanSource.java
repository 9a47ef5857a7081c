package io.dataplug.formats.gzip;

import io.dataplug.formats.codec.DecodedSource;
import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.codec.NativeBytes;
import io.dataplug.formats.storage.Blob;
import java.io.IOException;
import java.util.zip.DataFormatException;

/**
 * Decodes a slice of a gzip file span by span with libdeflate or ISA-L: each span between two index checkpoints is
 * fetched with one ranged read and inflated in one call (libdeflate) or as a stream whose output is handed on in
 * 256 KiB pieces while they are in cache (ISA-L), both through {@link SpanInflater}. What they cannot do alone goes
 * through the streaming {@link GzipDecoder} (JDK zlib): the rest of a span after a gzip member ends inside it
 * (libdeflate: the whole span), and the slice's last piece, which ends at a record inside a span rather than at a
 * checkpoint. In a BGZF file a span is fetched the same way and its blocks are inflated one by one, each a whole
 * DEFLATE stream.
 */
public final class SpanSource implements DecodedSource {
  private final Blob blob;
  private final long compressedEnd;
  private final long compressedSoftEnd;
  private final long[] segmentEnds;
  private final long[] segmentEndBits;
  private final SpanInflater inflater;
  private final GzipDecoder.Engine streamingEngine;
  private final boolean bgzf;

  private int segment;
  private long position;
  private long bit;
  private boolean memberStart;
  private final byte[] window = new byte[SpanInflater.WINDOW];
  private int windowLength;
  /**
   * Compressed bytes fetched ahead, file bytes {@code [bufferStart, bufferStart + bufferLength)}, in native memory
   * where ISA-L reads them in place (allocated by the first fetch).
   */
  private NativeBytes compressed;
  private long bufferStart;
  private int bufferLength;

  /** Bytes of the inflated span not yet read: {@code [pending, pendingEnd)} of the inflater's output. */
  private int pending;
  private int pendingEnd;
  /** The streaming decoder of the current piece, and the bytes it may still give (Long.MAX_VALUE: to the end). */
  private GzipDecoder streaming;
  private long streamingLeft;
  /** BGZF: the fetched span's blocks not yet inflated, {@code [blockAt, blocksEnd)} of {@code compressed}. */
  private int blockAt;
  private int blocksEnd;
  private long blocksExpected;
  private int spansInflated;
  /** A span decoded as a stream ({@link SpanInflater#streams}): bytes it still owes, and what it covers. */
  private boolean spanStreaming;
  private long spanLeft;
  private long spanExpected;
  private long spanFirstByte;
  private long spanLastByte;
  private long spanBufferStart;

  /**
   * @param from the checkpoint the slice resumes at, with its window
   * @param segmentEnds uncompressed offsets where the slice's pieces end
   * @param segmentEndBits compressed bit offset of each piece's end when it is a checkpoint (the file's length in
   *     bits at its end), -1 when the piece ends elsewhere
   * @param streamingEngine the engine of the pieces that are streamed
   * @param bgzf whether the file is BGZF (every checkpoint a block start)
   */
  public SpanSource(Blob blob, ResumePoint from, long[] segmentEnds, long[] segmentEndBits, long compressedEnd,
      long compressedSoftEnd, GzipDecoder.Engine streamingEngine, boolean bgzf, InflaterEngine spanEngine) {
    this.bgzf = bgzf;
    this.streamingEngine = streamingEngine;
    this.blob = blob;
    this.segmentEnds = segmentEnds;
    this.segmentEndBits = segmentEndBits;
    this.compressedEnd = compressedEnd;
    this.compressedSoftEnd = compressedSoftEnd;
    this.position = from.uncompressedOffset();
    this.bit = from.bitOffset();
    this.memberStart = from.memberStart();
    this.windowLength = Math.min(from.window().length, SpanInflater.WINDOW);
    System.arraycopy(from.window(), from.window().length - windowLength, window, 0, windowLength);
    this.inflater = SpanInflater.open(spanEngine);
  }

  @Override
  public long position() {
    return position;
  }

  /** Spans inflated by libdeflate or ISA-L to their end (BGZF: spans whose blocks they inflated). */
  public int spansInflated() {
    return spansInflated;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (pending < pendingEnd) {
        int n = Math.min(len, pendingEnd - pending);
        inflater.copy(pending, b, off, n);
        pending += n;
        position += n;
        return n;
      }
      if (spanStreaming) {
        int n = streamedSpan(b, off, len);
        if (n != 0) {
          return n;
        }
        continue;
      }
      if (streaming != null) {
        int n = streamed(b, off, len);
        if (n != 0) {
          return n;
        }
        continue;
      }
      if (blockAt < blocksEnd) {
        nextBlock();
        continue;
      }
      if (segment >= segmentEnds.length) {
        return -1;
      }
      next();
    }
  }

  /**
   * Starts the next piece: inflated here when it is a whole span inside one member, else streamed. A checkpoint
   * may be a gzip member header: a byte-aligned 0x1f is one, as no deflate block starts so (BTYPE 11 is reserved).
   */
  private void next() throws IOException {
    long end = segmentEnds[segment];
    long endBit = segmentEndBits[segment];
    segment++;
    if (end <= position) {
      bit = endBit;
      return;
    }
    if (bgzf && endBit >= 0) {
      fetchBlocks(endBit, end - position);
    } else if (endBit < 0 || end - position > Integer.MAX_VALUE - SpanInflater.WINDOW) {
      stream(endBit < 0 ? Long.MAX_VALUE : end - position);
    } else if (inflater.streams()) {
      startSpan(endBit, end - position);
    } else if (!inflateSpan(endBit, (int) (end - position))) {
      stream(end - position);
    }
    bit = endBit;
    memberStart = false;
  }

  /**
   * Inflates {@code [bit, endBit)} into {@code expected} bytes with one ranged read (a gzip member header at its
   * start is skipped); false when a member ends inside, which the streaming decoder then reads.
   */
  private boolean inflateSpan(long endBit, int expected) throws IOException {
    long[] bits = spanBits(endBit);
    int length = (int) bits[2];
    int n;
    try {
      n = inflater.inflate(window, windowLength, compressed, length, bits[0], bits[1], expected);
    } catch (DataFormatException e) {
      throw spanError(e);
    }
    if (n < expected) {
      return false;
    }
    spansInflated++;
    pending = 0;
    pendingEnd = n;
    windowLength = inflater.windowAfter(window);
    return true;
  }

  /**
   * Fetches the span {@code [bit, endBit)}; returns its first bit and end bit in {@code compressed} (-1: to its
   * stream's end) and the length of {@code compressed} to decode. A gzip member header at its start is skipped.
   */
  private long[] spanBits(long endBit) throws IOException {
    spanFirstByte = bit >>> 3;
    long fileBits = 8 * blob.length();
    spanLastByte = Math.min(blob.length(), ((Math.min(endBit, fileBits) + 7) >>> 3) + 1);
    int at = fetch(spanFirstByte, spanLastByte);
    int length = at + (int) (spanLastByte - spanFirstByte);
    long from = 8L * at + (bit & 7);
    if (memberStart || ((bit & 7) == 0 && length > at && compressed.get(at) == 0x1f)) {
      memberStart = true;
      from = 8L * (at + memberHeader(at, spanFirstByte, length).length());
      windowLength = 0;
    }
    long to = endBit >= fileBits ? -1 : endBit - 8 * bufferStart;
    return new long[] {from, to, length};
  }

  private GzipFormatException spanError(DataFormatException e) {
    return new GzipFormatException(blob.uri(), spanFirstByte, "corrupt deflate data in the span from compressed byte "
        + spanFirstByte + " to " + spanLastByte + ": " + e.getMessage() + "; if the file was replaced, rebuild its"
        + " index");
  }

  /** Starts decoding {@code [bit, endBit)} as a stream ({@link #streamedSpan}), with one ranged read. */
  private void startSpan(long endBit, long expected) throws IOException {
    long[] bits = spanBits(endBit);
    inflater.start(window, windowLength, compressed, (int) bits[2], bits[0], bits[1]);
    spanBufferStart = bufferStart;
    spanStreaming = true;
    spanLeft = expected;
    spanExpected = expected;
  }

  /**
   * Reads the span decoded as a stream; the window follows the bytes of its last 32 KiB only (the earlier ones can
   * never be in it). Where a gzip member ends inside the span, the rest is streamed from the next member's start.
   */
  private int streamedSpan(byte[] b, int off, int len) throws IOException {
    try {
      if (spanLeft == 0) {
        spanStreaming = false;
        if (inflater.read(b, off, 0) >= 0) {
          throw new DataFormatException("the span decodes to more than the " + spanExpected + " bytes expected");
        }
        spansInflated++;
        return 0;
      }
      int n = inflater.read(b, off, (int) Math.min(len, spanLeft));
      if (n < 0) {
        spanStreaming = false;
        if (inflater.endedAtTerminator()) {
          throw new DataFormatException("the span decodes to " + (spanExpected - spanLeft) + " bytes, fewer than the "
              + spanExpected + " expected");
        }
        long trailer = spanBufferStart + inflater.endOffset();
        streamFrom(new ResumePoint(8 * (trailer + 8), position, true, null), spanLeft);
        return 0;
      }
      if (spanLeft - n < SpanInflater.WINDOW) {
        slideWindow(b, off, n);
      }
      position += n;
      spanLeft -= n;
      return n;
    } catch (DataFormatException e) {
      throw spanError(e);
    }
  }

  /**
   * Makes file bytes {@code [from, to)} available in {@code compressed} and returns where {@code from} is there:
   * from the bytes fetched before, else by one ranged read that also fetches ahead (up to {@link
   * ByteSource#DEFAULT_CHUNK}, not past the slice's spans), so a slice takes few requests for its spans.
   */
  private int fetch(long from, long to) throws IOException {
    if (from >= bufferStart && to <= bufferStart + bufferLength) {
      return (int) (from - bufferStart);
    }
    // The slice's spans end by its soft end (the byte holding its last checkpoint's first bit, and one after it).
    long ahead = Math.min(Math.min(blob.length(), compressedSoftEnd + 1), from + ByteSource.DEFAULT_CHUNK);
    int length = (int) (Math.max(to, ahead) - from);
    if (compressed == null) {
      compressed = new NativeBytes(length);
    }
    compressed.ensure(length);
    bufferStart = from;
    bufferLength = 0;
    blob.readFully(from, compressed.slice(0, length));
    bufferLength = length;
    return 0;
  }

  /** The gzip member header at {@code compressed[from]} (file offset {@code start}), read up to {@code end}. */
  private GzipHeader memberHeader(int from, long start, int end) throws IOException {
    int[] at = {from};
    GzipHeader header = GzipHeader.read(new GzipHeader.ByteInput() {
      @Override
      public int read() {
        return at[0] < end ? compressed.get(at[0]++) : -1;
      }

      @Override
      public long position() {
        return start + at[0] - from;
      }
    }, blob.uri());
    if (header == null) {
      throw new GzipFormatException(blob.uri(), start, "truncated: the index has a gzip member here, the file"
          + " ends; if the file was replaced, rebuild its index");
    }
    return header;
  }

  /** BGZF: fetches the blocks of {@code [bit, endBit)} with one ranged read; {@link #nextBlock} inflates them. */
  private void fetchBlocks(long endBit, long expected) throws IOException {
    long firstByte = bit >>> 3;
    long lastByte = Math.min(blob.length(), endBit >>> 3);
    int at = fetch(firstByte, lastByte);
    blockAt = at;
    blocksEnd = at + (int) (lastByte - firstByte);
    blocksExpected = expected;
    spansInflated++;
  }

  /** Inflates the next BGZF block of the fetched span (RFC 1952 member; SAMv1 section 4.1: BSIZE, ISIZE). */
  private void nextBlock() throws IOException {
    long start = bufferStart + blockAt;
    GzipHeader header = memberHeader(blockAt, start, blocksEnd);
    int size = header.bgzfBlockSize();
    if (!header.isBgzf() || blockAt + size > blocksEnd || size < header.length() + 8) {
      throw new GzipFormatException(blob.uri(), start, "not a BGZF block that ends before the index's next"
          + " checkpoint at compressed byte " + (bufferStart + blocksEnd) + "; if the file was replaced, rebuild"
          + " its index");
    }
    int dataEnd = blockAt + size - 8;
    int isize = compressed.get(dataEnd + 4) | compressed.get(dataEnd + 5) << 8 | compressed.get(dataEnd + 6) << 16
        | compressed.get(dataEnd + 7) << 24;
    int n;
    try {
      n = inflater.inflate(window, 0, compressed, dataEnd, 8L * (blockAt + header.length()), -1, isize);
    } catch (DataFormatException e) {
      throw new GzipFormatException(blob.uri(), start, "corrupt deflate data in the BGZF block at compressed byte "
          + start + ": " + e.getMessage());
    }
    if (n != isize) {
      throw new GzipFormatException(blob.uri(), start, "the BGZF block at compressed byte " + start + " inflates to "
          + n + " bytes, its ISIZE says " + isize);
    }
    blockAt += size;
    blocksExpected -= n;
    if (blockAt == blocksEnd && blocksExpected != 0) {
      throw new GzipFormatException(blob.uri(), start, "the BGZF blocks up to the index's next checkpoint inflate to "
          + (blocksExpected < 0 ? "more" : "fewer") + " bytes than the index says; if the file was replaced, rebuild"
          + " its index");
    }
    pending = 0;
    pendingEnd = n;
  }

  private void stream(long bytes) throws IOException {
    if (!memberStart && (bit & 7) == 0 && bit < 8 * blob.length()) {
      int at = fetch(bit >>> 3, (bit >>> 3) + 1);
      memberStart = compressed.get(at) == 0x1f;
    }
    byte[] exact = new byte[windowLength];
    System.arraycopy(window, 0, exact, 0, windowLength);
    streamFrom(new ResumePoint(bit, position, memberStart, memberStart ? null : exact), bytes);
  }

  private void streamFrom(ResumePoint point, long bytes) throws IOException {
    streaming = GzipDecoder.resume(blob, point, compressedEnd, compressedSoftEnd, streamingEngine);
    streamingLeft = bytes;
  }

  /** Reads from the streaming decoder; keeps the window current for the spans after it. */
  private int streamed(byte[] b, int off, int len) throws IOException {
    int n = streaming.read(b, off, (int) Math.min(len, streamingLeft));
    if (n == 0 && streamingLeft > 0) {
      return 0; // a member boundary: read on
    }
    if (n <= 0) {
      streaming.close();
      streaming = null;
      if (streamingLeft != Long.MAX_VALUE && streamingLeft > 0) {
        throw new GzipFormatException(blob.uri(), bit >>> 3, "truncated: the data ends " + streamingLeft
            + " bytes before the index's next checkpoint; if the file was replaced, rebuild its index");
      }
      return streamingLeft == Long.MAX_VALUE ? -1 : 0;
    }
    slideWindow(b, off, n);
    position += n;
    if (streamingLeft != Long.MAX_VALUE) {
      streamingLeft -= n;
    }
    if (streamingLeft == 0) {
      streaming.close();
      streaming = null;
    }
    return n;
  }

  private void slideWindow(byte[] b, int off, int n) {
    if (n >= SpanInflater.WINDOW) {
      System.arraycopy(b, off + n - SpanInflater.WINDOW, window, 0, SpanInflater.WINDOW);
      windowLength = SpanInflater.WINDOW;
      return;
    }
    int keep = Math.min(windowLength, SpanInflater.WINDOW - n);
    System.arraycopy(window, windowLength - keep, window, 0, keep);
    System.arraycopy(b, off, window, keep, n);
    windowLength = keep + n;
  }

  @Override
  public void close() {
    try {
      if (streaming != null) {
        streaming.close();
      }
    } finally {
      try {
        inflater.close();
      } finally {
        if (compressed != null) {
          compressed.close();
        }
      }
    }
  }
}
