package io.dataplug.formats.gzip;

import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.codec.Isal;
import io.dataplug.formats.codec.LibDeflate;
import io.dataplug.formats.codec.NativeBytes;
import io.dataplug.formats.codec.RawInflater;
import java.util.Arrays;
import java.util.zip.DataFormatException;

/**
 * Inflates one span of a raw DEFLATE stream, from a block start at any bit to the next block start (or the stream's
 * end), in one call of a whole-stream decoder: libdeflate (no streaming, no dictionary API) or ISA-L's stateless
 * inflate; or, with ISA-L, as a stream ({@link #start}). The span is made a stream of its own
 * (FORMATS.md, "Resuming libdeflate"): a non-final stored block carrying the preceding window (RFC 1951 section
 * 3.2.4), an {@link EmptyBlockPrefix} that brings decoding to the span's first bit without moving the file's bytes
 * (shifting them would move the byte boundaries that stored blocks in the span pad to), the span's bytes, then a
 * final fixed-Huffman block holding only end-of-block (section 3.2.6: 10 bits) at the span's end. The window's bytes
 * come out first and are skipped.
 */
final class SpanInflater implements AutoCloseable {
  /** Largest window DEFLATE refers back into (RFC 1951 section 2). */
  static final int WINDOW = 32 << 10;

  private final RawInflater decompressor;
  /** ISA-L's streaming inflate, for {@link #start}: opened on first use. */
  private Isal.Stream streaming;
  private final boolean streams;
  private byte[] stream = new byte[0];
  private int windowLength;
  private int produced;
  /** Of the last stream assembled: the byte of {@code compressed} its bits start in, and where that byte is in it. */
  private int firstByte;
  private int firstByteInStream;
  private int streamLength;
  /** Where the terminator's first byte is in the stream ({@code toBit} given), else past its end. */
  private int terminatorInStream;
  /**
   * Streaming: the span's stream is fed in three pieces: its head from {@link #stream}, the span's bytes where they
   * were fetched ({@code body}), the terminator from {@link #tail}.
   */
  private static final int PIECES = 3;
  private int piecesFed;
  private int headLength;
  private NativeBytes body;
  private int bodyFrom;
  private int bodyLength;
  private final byte[] tail = new byte[4];
  private int tailLength;
  /** Streaming: output of the last call not yet read, {@code [outputAt, outputEnd)}; window bytes still to skip. */
  private int outputAt;
  private int outputEnd;
  private int skip;

  private SpanInflater(RawInflater decompressor, boolean streams) {
    this.decompressor = decompressor;
    this.streams = streams;
  }

  /** Opens one on {@code engine}, {@link InflaterEngine#LIBDEFLATE} or {@link InflaterEngine#ISAL} (usable here). */
  static SpanInflater open(InflaterEngine engine) {
    engine.requireUsable();
    return switch (engine) {
      case ISAL -> new SpanInflater(Isal.open(), true);
      case LIBDEFLATE -> new SpanInflater(LibDeflate.open(), false);
      default -> throw new IllegalArgumentException("spans are inflated by libdeflate or isal, not "
          + engine.displayName());
    };
  }

  /** The compressed bytes a span is cut from: a Java array, or native memory ISA-L can read in place. */
  private interface Source {
    int get(int i);

    void copyTo(int from, byte[] b, int off, int n);
  }

  private static Source of(byte[] compressed) {
    return new Source() {
      @Override
      public int get(int i) {
        return compressed[i] & 0xFF;
      }

      @Override
      public void copyTo(int from, byte[] b, int off, int n) {
        System.arraycopy(compressed, from, b, off, n);
      }
    };
  }

  private static Source of(NativeBytes compressed) {
    return new Source() {
      @Override
      public int get(int i) {
        return compressed.get(i);
      }

      @Override
      public void copyTo(int from, byte[] b, int off, int n) {
        compressed.copyTo(from, b, off, n);
      }
    };
  }

  /**
   * Lays out the span's stream (window block, prefix, the span's bytes, terminator) and returns its length. Whole:
   * all of it is written into {@link #stream}. In place: only its head (window block, prefix) is, the span's bytes
   * {@code [bodyFrom, bodyFrom + bodyLength)} of {@code compressed} are left where they are, and the terminator goes
   * into {@link #tail}; a span too short for that is laid out whole.
   */
  private int assemble(byte[] window, int windowLength, Source compressed, int compressedLength, long fromBit,
      long toBit, boolean inPlace) {
    if (windowLength > WINDOW || windowLength < 0) {
      throw new IllegalArgumentException("a DEFLATE window holds at most 32 KiB: " + windowLength);
    }
    long endBit = toBit < 0 ? 8L * compressedLength : toBit;
    if (endBit < fromBit || endBit > 8L * compressedLength) {
      throw new IllegalArgumentException("bits [" + fromBit + ", " + endBit + ") are not inside the "
          + compressedLength + " bytes given");
    }
    int header = windowLength > 0 ? 5 : 0;
    int first = (int) (fromBit >>> 3);
    int residue = (int) (fromBit & 7);
    byte[] prefix = residue == 0 ? null : EmptyBlockPrefix.forResidue(residue, compressed.get(first));
    // Input bytes before the one that holds file byte `first`'s bits (the prefix's last byte holds them).
    int lead = prefix == null ? 0 : prefix.length - 1;
    int fileBytes = (int) (((endBit + 7) >>> 3) - first);
    int length = header + windowLength + lead + fileBytes + 3;
    int at = header + windowLength;
    int bodyStart = prefix == null ? first : first + 1;
    // The file byte the terminator's bits go into (or after the span's bytes when it ends on a byte boundary).
    int terminatorByte = toBit >= 0 ? (int) (toBit >>> 3) : first + fileBytes;
    boolean split = inPlace && terminatorByte > bodyStart;
    int written = split ? at + lead + (bodyStart - first) : length;
    if (stream.length < written) {
      stream = new byte[Math.max(written, stream.length + (stream.length >>> 1))];
    }
    if (header > 0) {
      stream[0] = 0; // BFINAL 0, BTYPE 00 (stored), then padding to the byte
      stream[1] = (byte) windowLength;
      stream[2] = (byte) (windowLength >>> 8);
      stream[3] = (byte) ~windowLength;
      stream[4] = (byte) (~windowLength >>> 8);
      System.arraycopy(window, 0, stream, header, windowLength);
    }
    if (prefix != null) {
      System.arraycopy(prefix, 0, stream, at, prefix.length);
    }
    firstByte = first;
    firstByteInStream = at + lead;
    int bodyInStream = firstByteInStream + (bodyStart - first);
    byte[] terminated;
    int terminatorAt;
    if (split) {
      bodyFrom = bodyStart;
      bodyLength = terminatorByte - bodyStart;
      tailLength = length - bodyInStream - bodyLength;
      Arrays.fill(tail, 0, tailLength, (byte) 0);
      if (terminatorByte < first + fileBytes) {
        tail[0] = (byte) compressed.get(terminatorByte);
      }
      terminated = tail;
      terminatorAt = 0;
    } else {
      bodyLength = 0;
      tailLength = 0;
      compressed.copyTo(bodyStart, stream, bodyInStream, first + fileBytes - bodyStart);
      int end = firstByteInStream + fileBytes;
      stream[end] = 0;
      stream[end + 1] = 0;
      stream[end + 2] = 0;
      terminated = stream;
      terminatorAt = firstByteInStream + (terminatorByte - first);
    }
    terminatorInStream = length;
    if (toBit >= 0) {
      // At the span's end bit: BFINAL 1, BTYPE 01 (fixed Huffman), end-of-block (7 zero bits): 0b11 in 10 bits.
      terminatorInStream = firstByteInStream + (terminatorByte - first);
      int used = (int) (toBit & 7);
      int terminator = 3 << used;
      terminated[terminatorAt] = (byte) ((terminated[terminatorAt] & ((1 << used) - 1)) | terminator);
      terminated[terminatorAt + 1] = (byte) (terminator >>> 8);
    }
    headLength = split ? bodyInStream : length;
    return length;
  }

  /**
   * Inflates bits {@code [fromBit, toBit)} of {@code compressed} (bit 0 is the low bit of byte 0), whole deflate
   * blocks that follow {@code window[0, windowLength)}; {@code toBit} -1 runs to the stream's final block, which must
   * lie in {@code compressed[0, compressedLength)}. Returns the bytes produced, fewer than {@code expected} when a
   * final block ends the stream first; they stay here for {@link #copy}.
   *
   * @throws DataFormatException when the bits are not valid DEFLATE, or decode to more than {@code expected} bytes
   */
  int inflate(byte[] window, int windowLength, byte[] compressed, int compressedLength, long fromBit,
      long toBit, int expected) throws DataFormatException {
    return inflate(window, windowLength, of(compressed), compressedLength, fromBit, toBit, expected);
  }

  /** {@link #inflate(byte[], int, byte[], int, long, long, int)} of bytes fetched into native memory. */
  int inflate(byte[] window, int windowLength, NativeBytes compressed, int compressedLength, long fromBit,
      long toBit, int expected) throws DataFormatException {
    return inflate(window, windowLength, of(compressed), compressedLength, fromBit, toBit, expected);
  }

  private int inflate(byte[] window, int windowLength, Source compressed, int compressedLength, long fromBit,
      long toBit, int expected) throws DataFormatException {
    int length = assemble(window, windowLength, compressed, compressedLength, fromBit, toBit, false);
    int n = decompressor.inflateRaw(stream, length, (long) windowLength + expected);
    if (n == RawInflater.MORE_THAN_FITS) {
      throw new DataFormatException("the span decodes to more than the " + expected + " bytes expected");
    }
    this.windowLength = windowLength;
    this.produced = n - windowLength;
    if (produced < 0) {
      throw new DataFormatException("the span ends inside its own window");
    }
    return produced;
  }

  /** Copies bytes {@code [from, from + n)} of the last span's output into {@code b}. */
  void copy(int from, byte[] b, int off, int n) {
    if (from < 0 || n < 0 || from + n > produced) {
      throw new IndexOutOfBoundsException(from + "+" + n + " of " + produced);
    }
    decompressor.readOutput((long) windowLength + from, b, off, n);
  }

  /**
   * The window that follows the last span: its last (up to) 32 KiB of output, preceded by the old window when the
   * span was shorter; written into {@code window}, its length returned.
   */
  int windowAfter(byte[] window) {
    int total = windowLength + produced;
    int n = Math.min(WINDOW, total);
    decompressor.readOutput(total - n, window, 0, n);
    return n;
  }

  /**
   * Whether this engine also decodes a span as a stream ({@link #start}, {@link #read}): ISA-L's {@code isal_inflate}
   * hands out its output in cache-sized pieces as it goes, where the whole-span call writes all of it first.
   */
  boolean streams() {
    return streams;
  }

  /**
   * Starts decoding the span {@link #inflate} describes as a stream: {@link #read} returns its bytes (the window's
   * skipped) until a final block ends it, the span's end or a gzip member's end inside it ({@link #endOffset}).
   */
  void start(byte[] window, int windowLength, NativeBytes compressed, int compressedLength, long fromBit,
      long toBit) {
    if (!streams) {
      throw new IllegalStateException("only ISA-L decodes spans as streams here");
    }
    streamLength = assemble(window, windowLength, of(compressed), compressedLength, fromBit, toBit, true);
    body = compressed;
    if (streaming == null) {
      streaming = Isal.openStream();
    }
    streaming.reset();
    streaming.feed(stream, 0, headLength);
    piecesFed = 1;
    skip = windowLength;
    outputAt = 0;
    outputEnd = 0;
  }

  /** The next bytes of the span started, at most {@code len}; -1 once its stream ended and all was read. */
  int read(byte[] b, int off, int len) throws DataFormatException {
    while (outputAt == outputEnd) {
      if (streaming.finished()) {
        return -1;
      }
      if (streaming.availIn() == 0 && feedNextPiece()) {
        continue;
      }
      int before = streaming.availIn();
      int n = streaming.inflate(Integer.MAX_VALUE, Integer.MAX_VALUE);
      if (n == 0 && streaming.availIn() == before && !streaming.finished() && piecesFed == PIECES) {
        throw new DataFormatException("truncated DEFLATE data: it ends before its final block (ISA-L)");
      }
      int skipped = Math.min(skip, n);
      skip -= skipped;
      outputAt = skipped;
      outputEnd = n;
    }
    int n = Math.min(len, outputEnd - outputAt);
    streaming.readOutput(outputAt, b, off, n);
    outputAt += n;
    return n;
  }

  /** Feeds the span's bytes in place after the head, then the tail; false when all three were fed. */
  private boolean feedNextPiece() {
    if (piecesFed == 1 && bodyLength > 0) {
      streaming.feed(body, bodyFrom, bodyLength);
      piecesFed = 2;
      return true;
    }
    if (piecesFed < PIECES && tailLength > 0) {
      streaming.feed(tail, 0, tailLength);
      piecesFed = PIECES;
      return true;
    }
    piecesFed = PIECES;
    return false;
  }

  /** Where in the span's stream the byte after the final block is: what ISA-L left, and the pieces not fed. */
  private int endInStream() {
    int unfed = (piecesFed < 2 ? bodyLength : 0) + (piecesFed < PIECES ? tailLength : 0);
    return streamLength - streaming.bytesAfterEnd() - unfed;
  }

  /**
   * After {@link #read} returned -1: where in {@code compressed} (as given to {@link #start}) the byte after the
   * stream's final block is; where a gzip member ended inside the span, its trailer starts there.
   */
  int endOffset() {
    return firstByte + endInStream() - firstByteInStream;
  }

  /** After {@link #read} returned -1: whether the span's own terminator ended it (no gzip member ended inside). */
  boolean endedAtTerminator() {
    return endInStream() > terminatorInStream;
  }

  @Override
  public void close() {
    try {
      decompressor.close();
    } finally {
      if (streaming != null) {
        streaming.close();
      }
    }
  }
}
