package io.dataplug.formats.gzip;

/**
 * Lookup tables for {@link JavaInflater}'s hot loop, built from a block's code lengths (RFC 1951 section 3.2.2,
 * canonical codes, read least significant bit first). One lookup of the next {@link #LITERAL_BITS} input bits gives
 * everything the loop needs without a second table: up to two literals whose codes fit together, or a length's base
 * and extra-bit count, or end of block. Distances the same way with {@link #DISTANCE_BITS} bits. Entry 0 means the
 * code is longer than the table (or not in the code): the caller decodes it bit by bit.
 */
final class DecodeTables {
  static final int LITERAL_BITS = 12;
  static final int LITERAL_MASK = (1 << LITERAL_BITS) - 1;
  static final int DISTANCE_BITS = 10;
  static final int DISTANCE_MASK = (1 << DISTANCE_BITS) - 1;

  /*
   * Literal/length entries. Bits 0-3: input bits the entry consumes (both codes for a literal pair).
   * Literals (sign bit set): bit 4 set for a pair; bits 8-15 the first literal, 16-23 the second.
   * Lengths: bits 4-7 extra bits after the code, bits 8-16 the length base.
   * End of block and the two codes the fixed code has but no data may use (286, 287) are flagged, their symbol in
   * bits 8-16. Distances: bits 0-3 the code's bits, 4-7 extra bits, 8-22 the distance base; codes 30 and 31 flagged.
   */
  static final int LITERAL = 1 << 31;
  static final int PAIR = 1 << 4;
  static final int END_OF_BLOCK = 1 << 30;
  static final int INVALID = 1 << 29;

  /** Scratch space of the builders: the first code of every length. */
  static final int SCRATCH_INTS = 16;

  static final int[] FIXED_LITERALS = new int[1 << LITERAL_BITS];
  static final int[] FIXED_DISTANCES = new int[1 << DISTANCE_BITS];

  static {
    // RFC 1951 section 3.2.6; distance codes 30 and 31 are part of the fixed code but never valid in data.
    int[] lengths = new int[288 + 32];
    for (int i = 0; i < 288; i++) {
      lengths[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
    }
    java.util.Arrays.fill(lengths, 288, 320, 5);
    int[] scratch = new int[SCRATCH_INTS];
    buildLiteralLengths(lengths, 0, 288, FIXED_LITERALS, scratch);
    buildDistances(lengths, 288, 32, FIXED_DISTANCES, scratch);
  }

  private DecodeTables() {}

  /**
   * Fills {@code table} for the literal/length code of {@code n} lengths at {@code from}; the lengths have been
   * checked not to over-subscribe the code ({@link DeflateBits.Huffman#build}).
   */
  static void buildLiteralLengths(int[] lengths, int from, int n, int[] table, int[] scratch) {
    fillCodes(lengths, from, n, table, scratch, DecodeTables::literalLengthEntry);
    // Pairs, from the highest index down: table[i >>> l] for l >= 1 lies below i, still a single entry there.
    for (int i = table.length - 1; i >= 0; i--) {
      int first = table[i];
      if (first >= 0) {
        continue;
      }
      int firstBits = first & 15;
      int second = table[i >>> firstBits];
      int secondBits = second & 15;
      // The second code is only known when all its bits are among the table's LITERAL_BITS.
      if (second < 0 && firstBits + secondBits <= LITERAL_BITS) {
        table[i] = (first & ~15) | PAIR | ((second & 0xFF00) << 8) | (firstBits + secondBits);
      }
    }
  }

  /** Fills {@code table} for the distance code of {@code n} lengths at {@code from}. */
  static void buildDistances(int[] lengths, int from, int n, int[] table, int[] scratch) {
    fillCodes(lengths, from, n, table, scratch, DecodeTables::distanceEntry);
  }

  /** One entry per code that fits in the table, in every slot whose low bits are the code (input order). */
  private static void fillCodes(int[] lengths, int from, int n, int[] table, int[] scratch,
      java.util.function.IntBinaryOperator entryOfSymbolAndLength) {
    java.util.Arrays.fill(table, 0);
    int tableBits = Integer.numberOfTrailingZeros(table.length);
    int[] next = nextCodes(lengths, from, n, scratch);
    for (int symbol = 0; symbol < n; symbol++) {
      int length = lengths[from + symbol];
      if (length == 0) {
        continue;
      }
      int code = next[length]++;
      if (length <= tableBits) {
        int entry = entryOfSymbolAndLength.applyAsInt(symbol, length);
        for (int slot = Integer.reverse(code) >>> (32 - length); slot < table.length; slot += 1 << length) {
          table[slot] = entry;
        }
      }
    }
  }

  private static int distanceEntry(int symbol, int length) {
    return symbol < 30
        ? DeflateBits.DIST_BASE[symbol] << 8 | DeflateBits.DIST_EXTRA[symbol] << 4 | length
        : INVALID | symbol << 8 | length;
  }

  private static int literalLengthEntry(int symbol, int length) {
    if (symbol < 256) {
      return LITERAL | symbol << 8 | length;
    }
    if (symbol == 256) {
      return END_OF_BLOCK | symbol << 8 | length;
    }
    int index = symbol - 257;
    if (index >= 29) {
      return INVALID | symbol << 8 | length;
    }
    return DeflateBits.LENGTH_BASE[index] << 8 | DeflateBits.LENGTH_EXTRA[index] << 4 | length;
  }

  /** RFC 1951 section 3.2.2 step 2: the first code of every length. */
  private static int[] nextCodes(int[] lengths, int from, int n, int[] next) {
    java.util.Arrays.fill(next, 0);
    for (int i = 0; i < n; i++) {
      next[lengths[from + i]]++;
    }
    next[0] = 0;
    int code = 0;
    int previousCount = 0;
    for (int length = 1; length < 16; length++) {
      int count = next[length];
      code = (code + previousCount) << 1;
      next[length] = code;
      previousCount = count;
    }
    return next;
  }
}
