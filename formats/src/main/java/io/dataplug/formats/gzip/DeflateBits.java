package io.dataplug.formats.gzip;

import java.io.IOException;

/**
 * What every pure-Java DEFLATE decoder of this package shares: the bit buffer over a {@link ByteSource}, block
 * headers and the dynamic Huffman tables (RFC 1951 sections 3.2.3 to 3.2.7). The decoders differ in what they
 * write: bytes ({@link JavaInflater}) or bytes and references into an unknown window ({@link MarkerInflater}).
 */
abstract class DeflateBits {
  static final int STORED = 0;
  static final int FIXED = 1;
  static final int DYNAMIC = 2;

  static final int MAX_MATCH = 258;
  static final int FAST_BITS = 10;
  static final int FAST_MASK = (1 << FAST_BITS) - 1;

  static final int[] LENGTH_BASE = {
      3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
  static final int[] LENGTH_EXTRA = {
      0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
  static final int[] DIST_BASE = {
      1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
      4097, 6145, 8193, 12289, 16385, 24577};
  static final int[] DIST_EXTRA = {
      0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
  /** RFC 1951 section 3.2.7: the order in which code length code lengths are stored. */
  static final int[] CODE_LENGTH_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

  static final java.lang.invoke.VarHandle LONG_LE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  static final Huffman FIXED_LITERALS;
  static final Huffman FIXED_DISTANCES;

  static {
    int[] lengths = new int[288];
    for (int i = 0; i < 288; i++) {
      lengths[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
    }
    int[] distances = new int[30];
    java.util.Arrays.fill(distances, 5);
    FIXED_LITERALS = new Huffman(288, false);
    FIXED_DISTANCES = new Huffman(30, false);
    FIXED_LITERALS.build(lengths, 0, 288);
    FIXED_DISTANCES.build(distances, 0, 30);
  }

  final ByteSource in;
  long bits;
  int bitCount;
  /** Zero bytes fed after the end of the input; consuming one of them means the input was truncated. */
  int padBytes;

  boolean lastBlock;
  int storedRemaining;
  private final Huffman dynamicLiterals = new Huffman(288, false);
  private final Huffman dynamicDistances = new Huffman(32, false);
  private final Huffman codeLengths = new Huffman(19, true);
  private final int[] lengthScratch = new int[288 + 32];
  Huffman literals;
  Huffman distances;
  /** The current Huffman block's tables for the hot loops ({@link DecodeTables}). */
  int[] literalTable;
  int[] distanceTable;
  private final int[] dynamicLiteralTable = new int[1 << DecodeTables.LITERAL_BITS];
  private final int[] dynamicDistanceTable = new int[1 << DecodeTables.DISTANCE_BITS];
  private final int[] tableScratch = new int[DecodeTables.SCRATCH_INTS];

  DeflateBits(ByteSource in, int skipBits) throws IOException {
    this.in = in;
    if (skipBits > 0) {
      need(skipBits);
      drop(skipBits);
    }
  }

  /** Bit offset in the blob of the next unread bit. */
  long bitPosition() {
    return (in.position() + padBytes) * 8L - bitCount;
  }

  void checkNotTruncated() throws IOException {
    if (padBytes * 8 > bitCount) {
      throw new GzipFormatException(in.uri(), in.end(), "truncated: the compressed data ends inside a deflate block");
    }
  }

  IOException corrupt(String problem) {
    return new GzipFormatException(in.uri(), bitPosition() / 8, "corrupt deflate data: " + problem);
  }

  /** The type of the block whose header is next ({@link #STORED}, {@link #FIXED}, {@link #DYNAMIC} or 3). */
  int peekBlockType() throws IOException {
    need(3);
    return (int) (bits >>> 1) & 3;
  }

  /**
   * For a stored block whose header is next: its data's first byte (after LEN and NLEN) times 2, plus 1 when it is
   * the last block; -1 for other blocks. Stored headers found a bit or two early decode the same (their type bits
   * and padding are zeros too); this key tells when two found starts are the same block.
   */
  long peekStoredKey() throws IOException {
    need(3);
    if (((bits >>> 1) & 3) != STORED) {
      return -1;
    }
    long lenByte = (bitPosition() + 3 + 7) >>> 3;
    return ((lenByte + 4) << 1) | (bits & 1);
  }

  /**
   * Reads a block header and, for Huffman blocks, its codes; returns {@link #STORED}, {@link #FIXED} or
   * {@link #DYNAMIC}. After a stored block's header the input is byte aligned and {@link #storedRemaining} set.
   */
  int readBlockHeader() throws IOException {
    checkNotTruncated();
    need(3);
    lastBlock = (bits & 1) != 0;
    int type = (int) (bits >>> 1) & 3;
    drop(3);
    switch (type) {
      case STORED -> {
        drop(bitCount & 7);
        need(32);
        int len = (int) (bits & 0xFFFF);
        int nlen = (int) ((bits >>> 16) & 0xFFFF);
        drop(32);
        if (len != (~nlen & 0xFFFF)) {
          throw corrupt("stored block length " + len + " does not match its complement");
        }
        storedRemaining = len;
      }
      case FIXED -> {
        literals = FIXED_LITERALS;
        distances = FIXED_DISTANCES;
        literalTable = DecodeTables.FIXED_LITERALS;
        distanceTable = DecodeTables.FIXED_DISTANCES;
      }
      case DYNAMIC -> {
        readDynamicTables();
        literals = dynamicLiterals;
        distances = dynamicDistances;
        literalTable = dynamicLiteralTable;
        distanceTable = dynamicDistanceTable;
      }
      default -> throw corrupt("invalid block type 3");
    }
    return type;
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
    DecodeTables.buildLiteralLengths(lengths, 0, literalCount, dynamicLiteralTable, tableScratch);
    DecodeTables.buildDistances(lengths, literalCount, distanceCount, dynamicDistanceTable, tableScratch);
  }

  /**
   * The literal/length symbol of a table entry the hot loops' fast path does not take (end of block, codes 286 and
   * 287, or 0: a code longer than the table, decoded bit by bit), its code's bits consumed.
   */
  int literalLengthSymbol(int entry) throws IOException {
    if (entry != 0) {
      drop(entry & 15);
      return (entry >>> 8) & 0x1FF;
    }
    return decodeSlow(literals);
  }

  /** The match length of length symbol {@code symbol} (257 and up), its extra bits consumed. */
  int lengthOf(int symbol) throws IOException {
    int index = symbol - 257;
    if (index >= 29) {
      throw corrupt("invalid literal/length code " + symbol);
    }
    int length = LENGTH_BASE[index] + (int) (bits & ((1 << LENGTH_EXTRA[index]) - 1));
    drop(LENGTH_EXTRA[index]);
    return length;
  }

  /** The distance of a table entry the fast path does not take (codes 30 and 31, or 0), its bits consumed. */
  int slowDistance(int entry) throws IOException {
    int symbol = entry != 0 ? (entry >>> 8) & 0x1F : decodeSlow(distances);
    if (symbol >= 30) {
      throw corrupt("invalid distance code " + symbol);
    }
    int distance = DIST_BASE[symbol] + (int) (bits & ((1 << DIST_EXTRA[symbol]) - 1));
    drop(DIST_EXTRA[symbol]);
    return distance;
  }

  int decodeSymbol(Huffman code) throws IOException {
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
  int decodeSlow(Huffman code) throws IOException {
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

  void need(int n) throws IOException {
    while (bitCount < n) {
      loadByte();
    }
  }

  void drop(int n) {
    bits >>>= n;
    bitCount -= n;
  }

  void refill() throws IOException {
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

  /**
   * A canonical Huffman code: counts/symbols for decoding bit by bit, and where {@link #decodeSymbol} reads it, a
   * table for codes up to FAST_BITS long (the literal/length and distance codes have {@link DecodeTables} instead).
   */
  static final class Huffman {
    final int[] fast;
    final int[] count = new int[16];
    final int[] symbols;
    private final int[] offsets = new int[16];
    /** After {@link #build}: whether the lengths use up the whole code space, and how many symbols have a code. */
    boolean complete;
    int used;

    Huffman(int maxSymbols, boolean fastTable) {
      symbols = new int[maxSymbols];
      fast = fastTable ? new int[1 << FAST_BITS] : null;
    }

    /** Builds the code; false when the lengths over-subscribe it (corrupt data: the caller names where). */
    boolean build(int[] lengths, int from, int n) {
      java.util.Arrays.fill(count, 0);
      for (int i = 0; i < n; i++) {
        count[lengths[from + i]]++;
      }
      count[0] = 0;
      int left = 1;
      used = 0;
      for (int len = 1; len <= 15; len++) {
        left = (left << 1) - count[len];
        used += count[len];
        if (left < 0) {
          return false;
        }
      }
      complete = left == 0;
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
      if (fast == null) {
        return true;
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
