package io.dataplug.formats.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds line ends (and blanks) eight bytes at a time: the line scan is the hot loop of both FASTQ parsing and
 * indexing.
 */
public final class Newlines {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ALL_NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long ALL_SPACES = 0x2020202020202020L;
  private static final long ALL_TABS = 0x0909090909090909L;
  private static final long ALL_ONES = 0x0101010101010101L;
  private static final long ALL_HIGH_BITS = 0x8080808080808080L;

  private Newlines() {}

  /** Position of the first ' ' or '\t' in {@code b[from, end)}, or {@code end} if there is none. */
  public static int nextBlank(byte[] b, int from, int end) {
    int i = from;
    for (; i <= end - Long.BYTES; i += Long.BYTES) {
      long word = (long) LONGS.get(b, i);
      long zeros = zeroBytes(word ^ ALL_SPACES) | zeroBytes(word ^ ALL_TABS);
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < end; i++) {
      if (b[i] == ' ' || b[i] == '\t') {
        return i;
      }
    }
    return end;
  }

  /**
   * The high bit of every byte of {@code x} that is zero, exact for the lowest one (flags above it can be false, from
   * borrows; little-endian order makes the lowest byte the first in the array).
   */
  private static long zeroBytes(long x) {
    return (x - ALL_ONES) & ~x & ALL_HIGH_BITS;
  }

  /** Position of the first '\n' in {@code b[from, end)}, or {@code end} if there is none. */
  public static int next(byte[] b, int from, int end) {
    int i = from;
    for (; i <= end - Long.BYTES; i += Long.BYTES) {
      long zeros = zeroBytes((long) LONGS.get(b, i) ^ ALL_NEWLINES);
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < end; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return end;
  }
}
