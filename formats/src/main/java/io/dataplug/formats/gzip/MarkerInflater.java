package io.dataplug.formats.gzip;

import java.io.IOException;

/**
 * Decodes DEFLATE from a block start whose preceding 32 KiB of output (the window) is not known yet, the way
 * rapidgzip does (FORMATS.md, "Parallel decoding without an index"): a back-reference that reaches into the unknown
 * window writes a marker (the window position it names) instead of a byte, and copies of markers stay markers.
 * Symbols below {@link #MARKER_BASE} are bytes; {@code MARKER_BASE + k} is byte {@code k} of the window, counted
 * from its oldest byte. Once the window is known, {@link #resolve} turns markers into bytes.
 *
 * <p>Only what a chunk of a parallel index build needs is kept: how much was decoded, and the last 32 KiB.
 */
final class MarkerInflater extends DeflateBits {
  static final int WINDOW = 32768;
  static final int MARKER_BASE = 256;

  /** Symbols decoded between two slides of the window: few to confirm a block start, many for a whole chunk. */
  static final int CONFIRM_BUFFER = 1 << 16;
  static final int CHUNK_BUFFER = 1 << 18;
  /** Literals the hot loop may write, and a match after them, after its check for room. */
  private static final int LITERAL_SLACK = 8;

  private final char[] out;
  private final int outLimit;
  private int outPos;
  /** Distances may not reach before this index: the window's start, or the current gzip member's first byte. */
  private int historyFloor;
  /** Index in {@link #out} of the first decoded symbol (after the marker window), while it has not slid out. */
  private int decodedFrom;
  private long decoded;
  private boolean streamStartedInside;
  private int streamsEnded;

  /**
   * @param unknownWindow whether the data starts inside a deflate stream (references may reach 32 KiB back into
   *     output not seen) or at a stream start (nothing before it may be referenced)
   * @param buffer symbols decoded between slides of the window ({@link #CONFIRM_BUFFER}, {@link #CHUNK_BUFFER})
   */
  MarkerInflater(ByteSource in, int skipBits, boolean unknownWindow, int buffer) throws IOException {
    super(in, skipBits);
    out = new char[WINDOW + buffer + MAX_MATCH + LITERAL_SLACK];
    outLimit = out.length - MAX_MATCH - LITERAL_SLACK;
    if (unknownWindow) {
      if (buffer != CONFIRM_BUFFER) {
        // Confirming a block start needs no marker values, only room to reach back into.
        for (int k = 0; k < WINDOW; k++) {
          out[k] = (char) (MARKER_BASE + k);
        }
      }
      outPos = WINDOW;
    } else {
      streamStartedInside = true;
    }
    decodedFrom = outPos;
  }

  /** A new deflate stream (gzip member) starts: nothing before it may be referenced. */
  void startStream() {
    lastBlock = false;
    historyFloor = outPos;
    streamStartedInside = true;
  }

  /** The current deflate stream ended (its last block was decoded). */
  void endStream() {
    streamsEnded++;
  }

  /** How many deflate streams ended since decoding began. */
  int streamsEnded() {
    return streamsEnded;
  }

  /** Symbols decoded so far. */
  long decoded() {
    return decoded;
  }

  /** After a dynamic block: whether its codes are complete, as zlib requires of codes of more than one symbol. */
  boolean lastCodesComplete() {
    return (literals.complete || literals.used <= 1) && (distances.complete || distances.used <= 1);
  }

  /** Decodes one whole block, header included; returns whether it was the stream's last. */
  boolean decodeBlock() throws IOException {
    int type = readBlockHeader();
    if (type == STORED) {
      copyStored();
    } else {
      decodeHuffman();
    }
    checkNotTruncated();
    return lastBlock;
  }

  /**
   * The last up to 32 KiB of decoded symbols of the current stream, markers included, and only those decoded (the
   * marker window itself is never part of it).
   */
  char[] tail() {
    int from = Math.max(Math.max(historyFloor, decodedFrom), outPos - WINDOW);
    return java.util.Arrays.copyOfRange(out, from, outPos);
  }

  /**
   * Whether the 32 KiB before the next symbol are all known: no marker among them, and they are all decoded here
   * (or a member started here, before which nothing is referenced).
   */
  boolean windowKnown() {
    int from = Math.max(historyFloor, outPos - WINDOW);
    if (!streamStartedInside && from < decodedFrom) {
      return false;
    }
    for (int i = outPos - 1; i >= from; i--) {
      if (out[i] >= MARKER_BASE) {
        return false;
      }
    }
    return true;
  }

  /** Whether a gzip member started since decoding began (then the tail holds no markers). */
  boolean streamStartedInside() {
    return streamStartedInside;
  }

  /**
   * Resolves {@code tail} against the {@code window} that preceded the first decoded symbol: the output's last up
   * to 32 KiB, as bytes. {@code window} may be shorter than 32 KiB (a stream started less than that before).
   *
   * @return the bytes, or null when a marker names a byte before the window's start (the data is not what the
   *     index build took it for)
   */
  static byte[] resolve(char[] tail, byte[] window) {
    byte[] resolved = new byte[tail.length];
    int missing = WINDOW - window.length;
    for (int i = 0; i < tail.length; i++) {
      int symbol = tail[i];
      if (symbol < MARKER_BASE) {
        resolved[i] = (byte) symbol;
      } else {
        int at = symbol - MARKER_BASE - missing;
        if (at < 0) {
          return null;
        }
        resolved[i] = window[at];
      }
    }
    return resolved;
  }

  private void slideIfNeeded() {
    if (outPos > outLimit - (outLimit >>> 2)) {
      int shift = outPos - WINDOW;
      System.arraycopy(out, shift, out, 0, WINDOW);
      outPos = WINDOW;
      historyFloor = Math.max(0, historyFloor - shift);
      decodedFrom = Math.max(0, decodedFrom - shift);
    }
  }

  private void copyStored() throws IOException {
    while (storedRemaining > 0 && bitCount >= 8) {
      slideIfNeeded();
      if (padBytes * 8 >= bitCount) {
        throw new GzipFormatException(in.uri(), in.end(), "truncated: the compressed data ends inside a stored block");
      }
      out[outPos++] = (char) (bits & 0xFF);
      decoded++;
      drop(8);
      storedRemaining--;
    }
    if (storedRemaining > 0) {
      bits = 0;
    }
    while (storedRemaining > 0) {
      slideIfNeeded();
      if (in.pos >= in.limit && !in.fill()) {
        throw new GzipFormatException(in.uri(), in.position(), "truncated: the compressed data ends inside a stored block");
      }
      int n = Math.min(Math.min(storedRemaining, in.limit - in.pos), outLimit - outPos);
      byte[] src = in.buf;
      int p = in.pos;
      for (int k = 0; k < n; k++) {
        out[outPos + k] = (char) (src[p + k] & 0xFF);
      }
      in.pos += n;
      outPos += n;
      decoded += n;
      storedRemaining -= n;
    }
  }

  /** The Huffman loop of {@link JavaInflater}, writing chars: see there for the refill scheme and the tables. */
  private void decodeHuffman() throws IOException {
    final char[] o = out;
    final int[] literalTable = this.literalTable;
    final int[] distanceTable = this.distanceTable;
    final ByteSource source = in;
    slideIfNeeded();
    int op = outPos;
    int startOp = op;
    long b = bits;
    int bc = bitCount;
    byte[] ib = source.buf;
    int ip = source.pos;
    int il = source.limit;
    try {
      while (true) {
        if (op >= outLimit) {
          decoded += op - startOp;
          outPos = op;
          source.pos = ip;
          bits = b;
          bitCount = bc;
          checkNotTruncated();
          slideIfNeeded();
          op = outPos;
          startOp = op;
        }
        if (bc < 48) {
          if (il - ip >= 8) {
            b |= (long) LONG_LE.get(ib, ip) << bc;
            ip += (63 - bc) >>> 3;
            bc |= 56;
          } else {
            source.pos = ip;
            bits = b;
            bitCount = bc;
            refill();
            b = bits;
            bc = bitCount;
            ib = source.buf;
            ip = source.pos;
            il = source.limit;
          }
        }
        int entry = literalTable[(int) b & DecodeTables.LITERAL_MASK];
        if (entry < 0) {
          o[op] = (char) ((entry >>> 8) & 0xFF);
          o[op + 1] = (char) ((entry >>> 16) & 0xFF);
          op += 1 + ((entry >>> 4) & 1);
          b >>>= entry & 15;
          bc -= entry & 15;
          // At least 48 - 12 bits are left: enough for one more entry, and for a length after it.
          entry = literalTable[(int) b & DecodeTables.LITERAL_MASK];
          if (entry < 0) {
            o[op] = (char) ((entry >>> 8) & 0xFF);
            o[op + 1] = (char) ((entry >>> 16) & 0xFF);
            op += 1 + ((entry >>> 4) & 1);
            b >>>= entry & 15;
            bc -= entry & 15;
            continue;
          }
        }
        int length;
        if (entry != 0 && (entry & (DecodeTables.END_OF_BLOCK | DecodeTables.INVALID)) == 0) {
          int codeBits = entry & 15;
          int extra = (entry >>> 4) & 15;
          length = (entry >>> 8) + (int) ((b >>> codeBits) & ((1 << extra) - 1));
          b >>>= codeBits + extra;
          bc -= codeBits + extra;
        } else {
          source.pos = ip;
          bits = b;
          bitCount = bc;
          int symbol = literalLengthSymbol(entry);
          length = symbol > 256 ? lengthOf(symbol) : 0;
          b = bits;
          bc = bitCount;
          if (symbol < 256) {
            o[op++] = (char) symbol;
            continue;
          }
          if (symbol == 256) {
            return;
          }
        }
        if (bc < 32) {
          if (il - ip >= 8) {
            b |= (long) LONG_LE.get(ib, ip) << bc;
            ip += (63 - bc) >>> 3;
            bc |= 56;
          } else {
            source.pos = ip;
            bits = b;
            bitCount = bc;
            refill();
            b = bits;
            bc = bitCount;
            ib = source.buf;
            ip = source.pos;
            il = source.limit;
          }
        }
        entry = distanceTable[(int) b & DecodeTables.DISTANCE_MASK];
        int distance;
        if (entry != 0 && (entry & DecodeTables.INVALID) == 0) {
          int codeBits = entry & 15;
          int extra = (entry >>> 4) & 15;
          distance = (entry >>> 8) + (int) ((b >>> codeBits) & ((1 << extra) - 1));
          b >>>= codeBits + extra;
          bc -= codeBits + extra;
        } else {
          source.pos = ip;
          bits = b;
          bitCount = bc;
          distance = slowDistance(entry);
          b = bits;
          bc = bitCount;
        }
        if (distance > op - historyFloor) {
          source.pos = ip;
          bits = b;
          bitCount = bc;
          throw corrupt("distance " + distance + " reaches before the start of the data");
        }
        int from = op - distance;
        if (distance >= length) {
          System.arraycopy(o, from, o, op, length);
          op += length;
        } else {
          for (int k = 0; k < length; k++) {
            o[op++] = o[from + k];
          }
        }
      }
    } finally {
      decoded += op - startOp;
      outPos = op;
      bits = b;
      bitCount = bc;
      source.pos = ip;
    }
  }
}
