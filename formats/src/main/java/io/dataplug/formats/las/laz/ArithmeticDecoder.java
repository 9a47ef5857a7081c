package io.dataplug.formats.las.laz;

/**
 * LASzip's arithmetic decoder (arithmeticdecoder.cpp, a 32-bit range decoder after Amir Said's FastAC) over one byte
 * range: the interval {@code [0, length)} and the code {@code value} are unsigned 32-bit numbers, held in longs. It
 * starts with four big-endian bytes and shifts in bytes whenever the interval falls below 2^24.
 *
 * <p>Reading past the range yields zeros and counts the bytes, so the caller can tell a truncated chunk from a
 * corrupt one. No loop runs longer than its model's alphabet, whatever the data: corrupt data cannot hang it.
 */
final class ArithmeticDecoder {
  private static final long MAX_LENGTH = 0xFFFFFFFFL;

  /** Past the copied range: zeros a decoder reads when data ends early, enough for any point's items. */
  private static final int PADDING = 4096;

  private byte[] bytes = new byte[0];
  private int position;
  private int end;
  private long value;
  private long length;

  /**
   * Starts decoding {@code data[offset, end)}, copied with zero padding behind it so that a renormalization reads four
   * bytes at a time without a bounds check of its own.
   */
  void start(byte[] data, int offset, int end) {
    int n = end - offset;
    if (bytes.length < n + PADDING) {
      bytes = new byte[n + PADDING + (n >>> 2)];
    }
    System.arraycopy(data, offset, bytes, 0, n);
    java.util.Arrays.fill(bytes, n, n + PADDING, (byte) 0);
    this.position = 0;
    this.end = n;
    length = MAX_LENGTH;
    value = bigEndianInt(0) & 0xFFFFFFFFL;
    position = 4;
  }

  /** How many bytes of the range the decoder has read: more than the range when it ran out. */
  int consumed() {
    return position;
  }

  boolean overran() {
    return position > end;
  }

  int decodeBit(BitModel m) {
    long x = m.bit0Probability * (length >>> BitModel.LENGTH_SHIFT);
    int bit;
    if (value < x) {
      length = x;
      m.bit0Count++;
      bit = 0;
    } else {
      value -= x;
      length -= x;
      bit = 1;
    }
    renormalize();
    if (--m.untilUpdate == 0) {
      m.update();
    }
    return bit;
  }

  int decodeSymbol(SymbolModel m) {
    if (m.table == null) {
      return decodeSmallAlphabet(m);
    }
    // kept small enough for the JIT to inline into every item decoder: the table narrows the search to the few
    // symbols whose cumulative share brackets value / length
    int[] distribution = m.distribution;
    long y = length;
    length >>>= SymbolModel.LENGTH_SHIFT;
    int dv = quotient(value, length);
    int t = dv >>> m.tableShift;
    int symbol = m.table[t];
    int n = m.table[t + 1] + 1;
    while (n > symbol + 1) {
      int k = (symbol + n) >>> 1;
      if (distribution[k] > dv) {
        n = k;
      } else {
        symbol = k;
      }
    }
    long x = distribution[symbol] * length;
    if (symbol != m.lastSymbol) {
      y = distribution[symbol + 1] * length;
    }
    return settle(m, symbol, x, y);
  }

  /** Alphabets of 16 symbols or fewer: a bisection by multiplications alone. */
  private int decodeSmallAlphabet(SymbolModel m) {
    int[] distribution = m.distribution;
    long y = length;
    long x = 0;
    int symbol = 0;
    length >>>= SymbolModel.LENGTH_SHIFT;
    int n = m.symbols;
    int k = n >>> 1;
    do {
      long z = length * distribution[k];
      if (z > value) {
        n = k;
        y = z;
      } else {
        symbol = k;
        x = z;
      }
    } while ((k = (symbol + n) >>> 1) != symbol);
    return settle(m, symbol, x, y);
  }

  /** Narrows the interval to the decoded symbol's {@code [x, y)} and counts the symbol in its model. */
  private int settle(SymbolModel m, int symbol, long x, long y) {
    value -= x;
    length = y - x;
    renormalize();
    m.counts[symbol]++;
    if (--m.untilUpdate == 0) {
      m.update();
    }
    return symbol;
  }

  /** {@code bits} (1 to 32) raw bits, as an unsigned number in an int. */
  int readBits(int bits) {
    if (bits > 19) {
      int lower = readShort();
      int upper = readBits(bits - 16);
      return (upper << 16) | lower;
    }
    length >>>= bits;
    long symbol = quotient(value, length);
    value -= length * symbol;
    renormalize();
    if (symbol >= (1L << bits)) {
      throw new LazDataException("a raw " + bits + "-bit value out of range");
    }
    return (int) symbol;
  }

  int readShort() {
    length >>>= 16;
    long symbol = quotient(value, length);
    value -= length * symbol;
    renormalize();
    if (symbol >= (1L << 16)) {
      throw new LazDataException("a raw 16-bit value out of range");
    }
    return (int) symbol;
  }

  /** 32 raw bits (LASzip's readInt: the low half first). */
  int readInt() {
    int lower = readShort();
    int upper = readShort();
    return (upper << 16) | lower;
  }

  /**
   * {@code value / divisor} for unsigned 32-bit operands through a double division, exact for them (the quotient's
   * rounding error stays below the distance to the next integer) and several times faster than a 64-bit integer
   * division on the x86 cores measured.
   */
  private static int quotient(long value, long divisor) {
    return (int) ((double) value / (double) divisor);
  }

  /**
   * Shifts in as many bytes as bring the interval back to 2^24 or more (none when it is): the count is its leading
   * zero bytes, and the bytes come from one four-byte load, so no branch depends on the data.
   */
  private void renormalize() {
    int shift = (Long.numberOfLeadingZeros(length) - 32) & ~7;
    long next = bigEndianInt(position) & 0xFFFFFFFFL;
    value = ((value << shift) | (next >>> (32 - shift))) & 0xFFFFFFFFL;
    length <<= shift;
    position += shift >>> 3;
  }

  private int bigEndianInt(int at) {
    byte[] b = bytes;
    return b[at] << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
  }
}
