package io.dataplug.formats.gzip;

import java.io.IOException;

/**
 * A pure-Java RFC 1951 (DEFLATE) decoder that, unlike {@link java.util.zip.Inflater}, stops at every block
 * boundary, reports the bit offset of each block start, and can start at any bit with a preset 32 KiB window.
 *
 * <p>Output goes into an internal buffer that keeps the last {@value #WINDOW} bytes as history; after each
 * {@link #inflate()} the new bytes are {@code buffer()[outputStart() .. outputEnd())}.
 */
final class JavaInflater {
  static final int WINDOW = 32768;
  static final int BLOCK_END = 1;
  static final int BUFFER_FULL = 2;
  static final int STREAM_END = 3;

  private static final int MAX_MATCH = 258;
  private static final int FAST_BITS = 10;
  private static final int FAST_MASK = (1 << FAST_BITS) - 1;
  private static final int MODE_HEADER = 0;
  private static final int MODE_STORED = 1;
  private static final int MODE_HUFFMAN = 2;
  private static final int MODE_DONE = 3;

  private static final int[] LENGTH_BASE = {
      3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
  private static final int[] LENGTH_EXTRA = {
      0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
  private static final int[] DIST_BASE = {
      1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
      4097, 6145, 8193, 12289, 16385, 24577};
  private static final int[] DIST_EXTRA = {
      0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
  /** RFC 1951 section 3.2.7: the order in which code length code lengths are stored. */
  static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

  private static final java.lang.invoke.VarHandle LONG_LE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private static final Huffman FIXED_LITERALS;
  private static final Huffman FIXED_DISTANCES;

  static {
    int[] lengths = new int[288];
    for (int i = 0; i < 288; i++) {
      lengths[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
    }
    int[] distances = new int[30];
    java.util.Arrays.fill(distances, 5);
    FIXED_LITERALS = new Huffman(288);
    FIXED_DISTANCES = new Huffman(30);
    FIXED_LITERALS.build(lengths, 0, 288);
    FIXED_DISTANCES.build(distances, 0, 30);
  }

  private final ByteSource in;
  private long bits;
  private int bitCount;
  /** Zero bytes fed after the end of the input; consuming one of them means the input was truncated. */
  private int padBytes;

  private final byte[] out = new byte[WINDOW + (1 << 18) + MAX_MATCH];
  private final int outLimit = out.length - MAX_MATCH;
  private int outPos;
  private int outStart;
  /** Distances may not reach before this index (the start of the current gzip member's output). */
  private int historyFloor;

  private int mode = MODE_HEADER;
  private boolean lastBlock;
  private int storedRemaining;
  private final Huffman dynamicLiterals = new Huffman(288);
  private final Huffman dynamicDistances = new Huffman(32);
  private final Huffman codeLengths = new Huffman(19);
  private final int[] lengthScratch = new int[288 + 32];
  private Huffman literals;
  private Huffman distances;

  JavaInflater(ByteSource in, int skipBits) throws IOException {
    this.in = in;
    if (skipBits > 0) {
      need(skipBits);
      drop(skipBits);
    }
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

  /** Bit offset in the blob of the next unread bit. */
  long bitPosition() {
    return (in.position() + padBytes) * 8L - bitCount;
  }

  /** Decodes until a block ends, the buffer is full, or the stream ends. */
  int inflate() throws IOException {
    slideIfNeeded();
    outStart = outPos;
    if (mode == MODE_HEADER) {
      readBlockHeader();
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

  private void checkNotTruncated() throws IOException {
    if (padBytes * 8 > bitCount) {
      throw new GzipFormatException(in.uri(), in.end(), "truncated: the compressed data ends inside a deflate block");
    }
  }

  private IOException corrupt(String problem) {
    return new GzipFormatException(in.uri(), bitPosition() / 8, "corrupt deflate data: " + problem);
  }

  private void readBlockHeader() throws IOException {
    checkNotTruncated();
    need(3);
    lastBlock = (bits & 1) != 0;
    int type = (int) (bits >>> 1) & 3;
    drop(3);
    switch (type) {
      case 0 -> {
        drop(bitCount & 7);
        need(32);
        int len = (int) (bits & 0xFFFF);
        int nlen = (int) ((bits >>> 16) & 0xFFFF);
        drop(32);
        if (len != (~nlen & 0xFFFF)) {
          throw corrupt("stored block length " + len + " does not match its complement");
        }
        storedRemaining = len;
        mode = MODE_STORED;
      }
      case 1 -> {
        literals = FIXED_LITERALS;
        distances = FIXED_DISTANCES;
        mode = MODE_HUFFMAN;
      }
      case 2 -> {
        readDynamicTables();
        literals = dynamicLiterals;
        distances = dynamicDistances;
        mode = MODE_HUFFMAN;
      }
      default -> throw corrupt("invalid block type 3");
    }
  }

  private void readDynamicTables() throws IOException {
    need(14);
    int literalCount = (int) (bits & 31) + 257;
    int distanceCount = (int) ((bits >>> 5) & 31) + 1;
    int codeLengthCount = (int) ((bits >>> 10) & 15) + 4;
    drop(14);
    if (literalCount > 286 || distanceCount > 30) {
      throw corrupt("too many length or distance codes");
    }
    int[] lengths = lengthScratch;
    java.util.Arrays.fill(lengths, 0, 19, 0);
    for (int i = 0; i < codeLengthCount; i++) {
      need(3);
      lengths[CODE_LENGTH_ORDER[i]] = (int) (bits & 7);
      drop(3);
    }
    if (!codeLengths.build(lengths, 0, 19)) {
      throw corrupt("over-subscribed code length code");
    }
    int total = literalCount + distanceCount;
    int i = 0;
    while (i < total) {
      int symbol = decodeSymbol(codeLengths);
      if (symbol < 16) {
        lengths[i++] = symbol;
        continue;
      }
      int repeat;
      int value = 0;
      if (symbol == 16) {
        if (i == 0) {
          throw corrupt("repeat of a code length with no previous length");
        }
        value = lengths[i - 1];
        need(2);
        repeat = 3 + (int) (bits & 3);
        drop(2);
      } else if (symbol == 17) {
        need(3);
        repeat = 3 + (int) (bits & 7);
        drop(3);
      } else {
        need(7);
        repeat = 11 + (int) (bits & 127);
        drop(7);
      }
      if (i + repeat > total) {
        throw corrupt("code lengths repeat past the end");
      }
      while (repeat-- > 0) {
        lengths[i++] = value;
      }
    }
    if (lengths[256] == 0) {
      throw corrupt("no end-of-block code");
    }
    if (!dynamicLiterals.build(lengths, 0, literalCount)) {
      throw corrupt("over-subscribed literal/length code");
    }
    if (!dynamicDistances.build(lengths, literalCount, distanceCount)) {
      throw corrupt("over-subscribed distance code");
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
   */
  private int decodeHuffman() throws IOException {
    final byte[] o = out;
    final int[] litFast = literals.fast;
    final int[] distFast = distances.fast;
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
        int entry = litFast[(int) b & FAST_MASK];
        int symbol;
        if (entry != 0) {
          symbol = entry >>> 4;
          b >>>= entry & 15;
          bc -= entry & 15;
        } else {
          bits = b;
          bitCount = bc;
          symbol = decodeSlow(literals);
          b = bits;
          bc = bitCount;
        }
        if (symbol < 256) {
          o[op++] = (byte) symbol;
          continue;
        }
        if (symbol == 256) {
          outPos = op;
          return endBlock();
        }
        symbol -= 257;
        if (symbol >= 29) {
          source.pos = ip;
          bits = b;
          bitCount = bc;
          throw corrupt("invalid literal/length code " + (symbol + 257));
        }
        int length = LENGTH_BASE[symbol];
        int extra = LENGTH_EXTRA[symbol];
        if (extra > 0) {
          length += (int) (b & ((1 << extra) - 1));
          b >>>= extra;
          bc -= extra;
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
        entry = distFast[(int) b & FAST_MASK];
        int distSymbol;
        if (entry != 0) {
          distSymbol = entry >>> 4;
          b >>>= entry & 15;
          bc -= entry & 15;
        } else {
          bits = b;
          bitCount = bc;
          distSymbol = decodeSlow(distances);
          b = bits;
          bc = bitCount;
        }
        if (distSymbol >= 30) {
          source.pos = ip;
          bits = b;
          bitCount = bc;
          throw corrupt("invalid distance code " + distSymbol);
        }
        int distance = DIST_BASE[distSymbol];
        extra = DIST_EXTRA[distSymbol];
        if (extra > 0) {
          distance += (int) (b & ((1 << extra) - 1));
          b >>>= extra;
          bc -= extra;
        }
        if (distance > op - floor) {
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
      outPos = op;
      bits = b;
      bitCount = bc;
      source.pos = ip;
    }
  }

  private int decodeSymbol(Huffman code) throws IOException {
    if (bitCount < 48) {
      refill();
    }
    int entry = code.fast[(int) bits & FAST_MASK];
    if (entry != 0) {
      drop(entry & 15);
      return entry >>> 4;
    }
    return decodeSlow(code);
  }

  /** Canonical decoding one bit at a time, for codes longer than the fast table covers. */
  private int decodeSlow(Huffman code) throws IOException {
    int codeValue = 0;
    int first = 0;
    int index = 0;
    for (int len = 1; len <= 15; len++) {
      codeValue |= (int) (bits >>> (len - 1)) & 1;
      int count = code.count[len];
      if (codeValue - first < count) {
        drop(len);
        return code.symbols[index + codeValue - first];
      }
      index += count;
      first = (first + count) << 1;
      codeValue <<= 1;
    }
    throw corrupt("invalid Huffman code");
  }

  private void need(int n) throws IOException {
    while (bitCount < n) {
      loadByte();
    }
  }

  private void drop(int n) {
    bits >>>= n;
    bitCount -= n;
  }

  private void refill() throws IOException {
    ByteSource s = in;
    if (s.limit - s.pos >= 8) {
      byte[] b = s.buf;
      int p = s.pos;
      while (bitCount <= 56) {
        bits |= (long) (b[p++] & 0xFF) << bitCount;
        bitCount += 8;
      }
      s.pos = p;
      return;
    }
    while (bitCount <= 56) {
      loadByte();
    }
  }

  private void loadByte() throws IOException {
    int b;
    if (in.pos < in.limit || in.fill()) {
      b = in.buf[in.pos++] & 0xFF;
    } else {
      b = 0;
      padBytes++;
    }
    bits |= (long) b << bitCount;
    bitCount += 8;
  }

  /** After the stream ended: discards the bits up to the next byte boundary. */
  void alignToByte() {
    drop(bitCount & 7);
  }

  /** Reads one byte after {@link #alignToByte()}; -1 at the end of the input. */
  int readAlignedByte() throws IOException {
    if (bitCount >= 8) {
      if (padBytes * 8 >= bitCount) {
        return -1;
      }
      int b = (int) (bits & 0xFF);
      drop(8);
      return b;
    }
    // The buffer may hold look-ahead bits of the byte about to be read directly: forget them.
    bits = 0;
    return in.read();
  }

  /** Reading gzip headers and trailers through the same bit buffer. */
  GzipHeader.ByteInput alignedBytes() {
    return new GzipHeader.ByteInput() {
      @Override
      public int read() throws IOException {
        return readAlignedByte();
      }

      @Override
      public long position() {
        return bitPosition() / 8;
      }
    };
  }

  /** A canonical Huffman code: a table for codes up to FAST_BITS long, and counts/symbols for the rest. */
  static final class Huffman {
    final int[] fast = new int[1 << FAST_BITS];
    final int[] count = new int[16];
    final int[] symbols;
    private final int[] offsets = new int[16];

    Huffman(int maxSymbols) {
      symbols = new int[maxSymbols];
    }

    /** Builds the code; false when the lengths over-subscribe it (corrupt data: the caller names where). */
    boolean build(int[] lengths, int from, int n) {
      java.util.Arrays.fill(count, 0);
      for (int i = 0; i < n; i++) {
        count[lengths[from + i]]++;
      }
      count[0] = 0;
      int left = 1;
      for (int len = 1; len <= 15; len++) {
        left = (left << 1) - count[len];
        if (left < 0) {
          return false;
        }
      }
      offsets[1] = 0;
      for (int len = 1; len < 15; len++) {
        offsets[len + 1] = offsets[len] + count[len];
      }
      for (int i = 0; i < n; i++) {
        int len = lengths[from + i];
        if (len != 0) {
          symbols[offsets[len]++] = i;
        }
      }
      java.util.Arrays.fill(fast, 0);
      int code = 0;
      int index = 0;
      for (int len = 1; len <= 15; len++) {
        for (int k = 0; k < count[len]; k++, code++) {
          if (len <= FAST_BITS) {
            int reversed = Integer.reverse(code) >>> (32 - len);
            int entry = (symbols[index + k] << 4) | len;
            for (int slot = reversed; slot < fast.length; slot += 1 << len) {
              fast[slot] = entry;
            }
          }
        }
        index += count[len];
        code <<= 1;
      }
      return true;
    }
  }
}
