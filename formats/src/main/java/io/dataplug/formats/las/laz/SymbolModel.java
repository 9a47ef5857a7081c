package io.dataplug.formats.las.laz;

/**
 * An adaptive distribution over {@code symbols} symbols for {@link ArithmeticDecoder#decodeSymbol}: counts that
 * rescale into a cumulative distribution of 15-bit precision every {@code updateCycle} symbols, and for alphabets
 * above 16 symbols a lookup table that narrows the search for a symbol to a few entries (LASzip's
 * arithmeticmodel.cpp, after Amir Said's FastAC; the decoder must adapt exactly as the encoder did).
 */
final class SymbolModel {
  static final int LENGTH_SHIFT = 15;
  private static final int MAX_COUNT = 1 << LENGTH_SHIFT;

  final int symbols;
  final int lastSymbol;
  final int[] distribution;
  final int[] counts;
  /** Null for alphabets of 16 symbols or fewer, searched by bisection alone. */
  final int[] table;
  final int tableShift;
  private final int tableSize;
  private int totalCount;
  private int updateCycle;
  int untilUpdate;

  SymbolModel(int symbols) {
    if (symbols < 2 || symbols > 2048) {
      throw new IllegalArgumentException("a LASzip symbol model has 2 to 2048 symbols, not " + symbols);
    }
    this.symbols = symbols;
    this.lastSymbol = symbols - 1;
    this.distribution = new int[symbols];
    this.counts = new int[symbols];
    if (symbols > 16) {
      int tableBits = 3;
      while (symbols > (1 << (tableBits + 2))) {
        tableBits++;
      }
      tableSize = 1 << tableBits;
      tableShift = LENGTH_SHIFT - tableBits;
      table = new int[tableSize + 2];
    } else {
      tableSize = 0;
      tableShift = 0;
      table = null;
    }
    reset();
  }

  /** Back to equal counts, as at the start of every chunk. */
  void reset() {
    totalCount = 0;
    updateCycle = symbols;
    java.util.Arrays.fill(counts, 1);
    update();
    untilUpdate = updateCycle = (symbols + 6) >>> 1;
  }

  void update() {
    totalCount += updateCycle;
    if (totalCount > MAX_COUNT) {
      totalCount = 0;
      for (int n = 0; n < symbols; n++) {
        counts[n] = (counts[n] + 1) >>> 1;
        totalCount += counts[n];
      }
    }
    int scale = Integer.divideUnsigned(0x80000000, totalCount);
    int sum = 0;
    if (table == null) {
      for (int k = 0; k < symbols; k++) {
        distribution[k] = (scale * sum) >>> (31 - LENGTH_SHIFT);
        sum += counts[k];
      }
    } else {
      int s = 0;
      for (int k = 0; k < symbols; k++) {
        distribution[k] = (scale * sum) >>> (31 - LENGTH_SHIFT);
        sum += counts[k];
        int w = distribution[k] >>> tableShift;
        while (s < w) {
          table[++s] = k - 1;
        }
      }
      table[0] = 0;
      while (s <= tableSize) {
        table[++s] = symbols - 1;
      }
    }
    updateCycle = (5 * updateCycle) >>> 2;
    int maxCycle = (symbols + 6) << 3;
    if (updateCycle > maxCycle) {
      updateCycle = maxCycle;
    }
    untilUpdate = updateCycle;
  }
}
