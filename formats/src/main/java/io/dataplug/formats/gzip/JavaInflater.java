package io.dataplug.formats.gzip;

import java.io.IOException;

/**
 * A pure-Java RFC 1951 (DEFLATE) decoder that, unlike {@link java.util.zip.Inflater}, stops at every block
 * boundary, reports the bit offset of each block start, and can start at any bit with a preset 32 KiB window.
 *
 * <p>Output goes into an internal buffer that keeps the last {@value #WINDOW} bytes as history; after each
 * {@link #inflate()} the new bytes are {@code buffer()[outputStart() .. outputEnd())}.
 */
final class JavaInflater extends DeflateBits {
  static final int WINDOW = 32768;
  static final int BLOCK_END = 1;
  static final int BUFFER_FULL = 2;
  static final int STREAM_END = 3;

  private static final int MODE_HEADER = 0;
  private static final int MODE_STORED = 1;
  private static final int MODE_HUFFMAN = 2;
  private static final int MODE_DONE = 3;

  /**
   * The hot loop writes up to 6 literals and then a match after its check for room, and may write up to 7 bytes past
   * a match's end that it later overwrites (long-word copies).
   */
  private static final int COPY_SLACK = 16;
  private static final java.lang.invoke.VarHandle SHORT_LE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(short[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private final byte[] out = new byte[WINDOW + (1 << 18) + MAX_MATCH + COPY_SLACK];
  private final int outLimit = out.length - MAX_MATCH - COPY_SLACK;
  private int outPos;
  private int outStart;
  /** Distances may not reach before this index (the start of the current gzip member's output). */
  private int historyFloor;

  private int mode = MODE_HEADER;

  JavaInflater(ByteSource in, int skipBits) throws IOException {
    super(in, skipBits);
  }

  /** Starts decoding with {@code window} as the history that back-references may reach into. */
  void presetWindow(byte[] window) {
    System.arraycopy(window, 0, out, 0, window.length);
    outPos = window.length;
    outStart = outPos;
    historyFloor = 0;
  }

  /** Resets the block state for a new deflate stream (a new gzip member); history from before is not reachable. */
  void startStream() {
    mode = MODE_HEADER;
    lastBlock = false;
    historyFloor = outPos;
  }

  byte[] buffer() {
    return out;
  }

  int outputStart() {
    return outStart;
  }

  int outputEnd() {
    return outPos;
  }

  /** Copies the up to 32 KiB of history of the current stream that precedes the next output byte. */
  byte[] window() {
    int length = Math.min(WINDOW, outPos - historyFloor);
    byte[] window = new byte[length];
    System.arraycopy(out, outPos - length, window, 0, length);
    return window;
  }

  /** Decodes until a block ends, the buffer is full, or the stream ends. */
  int inflate() throws IOException {
    slideIfNeeded();
    outStart = outPos;
    if (mode == MODE_HEADER) {
      mode = readBlockHeader() == STORED ? MODE_STORED : MODE_HUFFMAN;
    }
    int status = switch (mode) {
      case MODE_STORED -> copyStored();
      case MODE_HUFFMAN -> decodeHuffman();
      default -> STREAM_END;
    };
    checkNotTruncated();
    return status;
  }

  private void slideIfNeeded() {
    if (outPos > outLimit - (1 << 16)) {
      int shift = outPos - WINDOW;
      System.arraycopy(out, shift, out, 0, WINDOW);
      outPos = WINDOW;
      historyFloor = Math.max(0, historyFloor - shift);
    }
  }

  private int copyStored() throws IOException {
    // Whole bytes still in the bit buffer come first.
    while (storedRemaining > 0 && bitCount >= 8) {
      if (outPos >= outLimit) {
        return BUFFER_FULL;
      }
      if (padBytes * 8 >= bitCount) {
        throw new GzipFormatException(in.uri(), in.end(), "truncated: the compressed data ends inside a stored block");
      }
      out[outPos++] = (byte) bits;
      drop(8);
      storedRemaining--;
    }
    if (storedRemaining > 0) {
      // Byte aligned and the bit buffer is empty; drop look-ahead bits of bytes copied directly below.
      bits = 0;
    }
    while (storedRemaining > 0) {
      if (outPos >= outLimit) {
        return BUFFER_FULL;
      }
      if (in.pos >= in.limit && !in.fill()) {
        throw new GzipFormatException(in.uri(), in.position(), "truncated: the compressed data ends inside a stored block");
      }
      int n = Math.min(Math.min(storedRemaining, in.limit - in.pos), outLimit - outPos);
      System.arraycopy(in.buf, in.pos, out, outPos, n);
      in.pos += n;
      outPos += n;
      storedRemaining -= n;
    }
    return endBlock();
  }

  private int endBlock() {
    if (lastBlock) {
      mode = MODE_DONE;
      return STREAM_END;
    }
    mode = MODE_HEADER;
    return BLOCK_END;
  }

  /**
   * The hot loop. The bit buffer and input position live in locals and are written back around every call out;
   * the refill loads 8 bytes at once and keeps only whole bytes counted (the libdeflate scheme): bits above
   * {@code bitCount} are always either zero or the true following input bits, so OR-ing them in again is harmless.
   * One table lookup decodes one or two literals, or a length with its extra-bit count ({@link DecodeTables});
   * matches at least 8 back are copied 8 bytes at a time.
   */
  private int decodeHuffman() throws IOException {
    final byte[] o = out;
    final int[] literalTable = this.literalTable;
    final int[] distanceTable = this.distanceTable;
    final int limit = outLimit;
    final int floor = historyFloor;
    final ByteSource source = in;
    int op = outPos;
    long b = bits;
    int bc = bitCount;
    byte[] ib = source.buf;
    int ip = source.pos;
    int il = source.limit;
    try {
      while (true) {
        if (op >= limit) {
          return BUFFER_FULL;
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
          SHORT_LE.set(o, op, (short) (entry >>> 8));
          op += 1 + ((entry >>> 4) & 1);
          b >>>= entry & 15;
          bc -= entry & 15;
          // At least 48 - 12 bits are left: enough for two more entries, or for one and a length after it.
          // (Unrolled: literal runs are the common case, and each check of the loop's head costs.)
          entry = literalTable[(int) b & DecodeTables.LITERAL_MASK];
          if (entry < 0) {
            SHORT_LE.set(o, op, (short) (entry >>> 8));
            op += 1 + ((entry >>> 4) & 1);
            b >>>= entry & 15;
            bc -= entry & 15;
            entry = literalTable[(int) b & DecodeTables.LITERAL_MASK];
            if (entry < 0) {
              SHORT_LE.set(o, op, (short) (entry >>> 8));
              op += 1 + ((entry >>> 4) & 1);
              b >>>= entry & 15;
              bc -= entry & 15;
            }
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
            o[op++] = (byte) symbol;
            continue;
          }
          if (symbol == 256) {
            outPos = op;
            return endBlock();
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
        if (distance > op - floor) {
          source.pos = ip;
          bits = b;
          bitCount = bc;
          throw corrupt("distance " + distance + " reaches before the start of the data");
        }
        int from = op - distance;
        int end = op + length;
        if (distance >= 8) {
          // Each 8 bytes read lie before the 8 written (distance >= 8), even where the match overlaps itself.
          LONG_LE.set(o, op, (long) LONG_LE.get(o, from));
          if (length > 8) {
            op += 8;
            from += 8;
            do {
              LONG_LE.set(o, op, (long) LONG_LE.get(o, from));
              op += 8;
              from += 8;
            } while (op < end);
          }
        } else {
          while (op < end) {
            o[op++] = o[from++];
          }
        }
        op = end;
      }
    } finally {
      outPos = op;
      bits = b;
      bitCount = bc;
      source.pos = ip;
    }
  }

}
