package io.dataplug.formats.las.laz;

/** An adaptive probability of a 0 bit, in 13-bit precision (LASzip's ArithmeticBitModel). */
final class BitModel {
  static final int LENGTH_SHIFT = 13;
  private static final int MAX_COUNT = 1 << LENGTH_SHIFT;

  int bit0Count;
  int bitCount;
  int bit0Probability;
  private int updateCycle;
  int untilUpdate;

  BitModel() {
    reset();
  }

  void reset() {
    bit0Count = 1;
    bitCount = 2;
    bit0Probability = 1 << (LENGTH_SHIFT - 1);
    updateCycle = untilUpdate = 4;
  }

  void update() {
    bitCount += updateCycle;
    if (bitCount > MAX_COUNT) {
      bitCount = (bitCount + 1) >>> 1;
      bit0Count = (bit0Count + 1) >>> 1;
      if (bit0Count == bitCount) {
        bitCount++;
      }
    }
    int scale = Integer.divideUnsigned(0x80000000, bitCount);
    bit0Probability = (bit0Count * scale) >>> (31 - LENGTH_SHIFT);
    updateCycle = (5 * updateCycle) >>> 2;
    if (updateCycle > 64) {
      updateCycle = 64;
    }
    untilUpdate = updateCycle;
  }
}
