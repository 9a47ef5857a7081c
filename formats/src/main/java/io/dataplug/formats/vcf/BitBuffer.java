package io.dataplug.formats.vcf;

import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;

/**
 * Bits of one batch (a validity buffer, or a boolean column's values) in a {@code long[]}: bit i is bit i % 64 of
 * word i / 64, which written little-endian is Arrow's bit layout, so copying is one write per 64 values. Bits are
 * 1 until cleared, so a validity buffer costs a write only for a null.
 */
final class BitBuffer {
  private long[] words = filled(new long[64], 0);
  /** Every bit at or above this index is 1. */
  private int onesFrom;

  private static long[] filled(long[] words, int from) {
    Arrays.fill(words, from, words.length, -1L);
    return words;
  }

  private void ensure(int word) {
    if (word >= words.length) {
      int old = words.length;
      words = filled(Arrays.copyOf(words, Math.max(word + 1, old * 2)), old);
    }
  }

  void set(int index, boolean value) {
    int word = index >>> 6;
    ensure(word);
    long bit = 1L << index;
    words[word] = (words[word] & ~bit) | (value ? bit : 0);
    if (!value && index >= onesFrom) {
      onesFrom = index + 1;
    }
  }

  void clear(int index) {
    set(index, false);
  }

  /** Sets every bit from {@code index} on back to 1 (a batch starts, or a line that failed half way is undone). */
  void setOnesFrom(int index) {
    if (index < onesFrom) {
      int firstWord = index >>> 6;
      int lastWord = (onesFrom - 1) >>> 6;
      words[firstWord] |= -1L << index;
      if (lastWord > firstWord) {
        Arrays.fill(words, firstWord + 1, lastWord + 1, -1L);
      }
      onesFrom = index;
    }
  }

  /** Writes bits 0 to count - 1 at the start of {@code buffer}, which holds at least that many bits. */
  void copyTo(ArrowBuf buffer, int count) {
    int fullWords = count >>> 6;
    ensure(fullWords);
    if (fullWords > 0) {
      buffer.nioBuffer(0, fullWords * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
          .put(words, 0, fullWords);
    }
    int rest = count & 63;
    if (rest > 0) {
      long last = words[fullWords] & ((1L << rest) - 1);
      for (int byteIndex = 0; byteIndex * 8 < rest; byteIndex++) {
        buffer.setByte((long) fullWords * 8 + byteIndex, (byte) (last >>> (byteIndex * 8)));
      }
    }
  }
}
