package io.dataplug.formats.las.laz;

/**
 * LASzip's IntegerCompressor, decoding side (integercompressor.cpp): a value is its prediction plus a corrector,
 * sent as the corrector's bit count k (one symbol model per context), then the corrector within its k-bit interval
 * (a symbol model per k, the bits above {@code bitsHigh} raw). The result wraps into the value's range. {@link #k()}
 * is the last k, which the point coders use to pick contexts.
 */
final class IntegerDecoder {
  private final ArithmeticDecoder decoder;
  private final int bitsHigh;
  private final int correctorBits;
  private final int correctorRange;
  private final int correctorMin;
  private final SymbolModel[] bitCounts;
  private final BitModel zeroOrOne;
  private final SymbolModel[] correctors;
  private int k;

  IntegerDecoder(ArithmeticDecoder decoder, int bits, int contexts) {
    this(decoder, bits, contexts, 8, 0);
  }

  IntegerDecoder(ArithmeticDecoder decoder, int bits, int contexts, int bitsHigh, int range) {
    this.decoder = decoder;
    this.bitsHigh = bitsHigh;
    if (range != 0) {
      int correctorBits = 0;
      for (int r = range; r != 0; r >>>= 1) {
        correctorBits++;
      }
      if (range == 1 << (correctorBits - 1)) {
        correctorBits--;
      }
      this.correctorBits = correctorBits;
      this.correctorRange = range;
      this.correctorMin = -(range / 2);
    } else if (bits > 0 && bits < 32) {
      this.correctorBits = bits;
      this.correctorRange = 1 << bits;
      this.correctorMin = -(correctorRange / 2);
    } else {
      this.correctorBits = 32;
      this.correctorRange = 0;
      this.correctorMin = Integer.MIN_VALUE;
    }
    bitCounts = new SymbolModel[contexts];
    for (int i = 0; i < contexts; i++) {
      bitCounts[i] = new SymbolModel(correctorBits + 1);
    }
    zeroOrOne = new BitModel();
    correctors = new SymbolModel[correctorBits + 1];
    for (int i = 1; i <= correctorBits; i++) {
      correctors[i] = new SymbolModel(1 << Math.min(i, bitsHigh));
    }
  }

  void reset() {
    for (SymbolModel m : bitCounts) {
      m.reset();
    }
    zeroOrOne.reset();
    for (int i = 1; i <= correctorBits; i++) {
      correctors[i].reset();
    }
  }

  int decode(int prediction, int context) {
    int real = prediction + readCorrector(bitCounts[context]);
    if (real < 0) {
      real += correctorRange;
    } else if (Integer.compareUnsigned(real, correctorRange) >= 0) {
      real -= correctorRange;
    }
    return real;
  }

  int k() {
    return k;
  }

  private int readCorrector(SymbolModel bitCount) {
    int k = decoder.decodeSymbol(bitCount);
    this.k = k;
    if (k == 0) {
      return decoder.decodeBit(zeroOrOne);
    }
    if (k >= 32) {
      return correctorMin;
    }
    int c;
    if (k <= bitsHigh) {
      c = decoder.decodeSymbol(correctors[k]);
    } else {
      int lowBits = k - bitsHigh;
      c = decoder.decodeSymbol(correctors[k]);
      c = (c << lowBits) | decoder.readBits(lowBits);
    }
    // c in [2^(k-1), 2^k - 1] is positive, in [0, 2^(k-1) - 1] negative
    if (c >= (1 << (k - 1))) {
      return c + 1;
    }
    return c - ((1 << k) - 1);
  }
}
