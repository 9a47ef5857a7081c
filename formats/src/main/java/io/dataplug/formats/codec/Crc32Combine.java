package io.dataplug.formats.codec;

/**
 * The CRC32 of two pieces of data joined, from the CRC32 of each and the second's length: the first CRC's register
 * is advanced over as many zero bits as the second piece has (multiplication by x^(8 n) modulo the CRC-32
 * polynomial, by repeated squaring of the one-zero-bit operator as a 32x32 bit matrix), then the second CRC is
 * XORed in. Lets pieces decoded in parallel be checked against a gzip trailer.
 */
public final class Crc32Combine {
  /** The reflected CRC-32 polynomial (ISO 3309, as gzip uses). */
  private static final long POLYNOMIAL = 0xEDB88320L;

  private Crc32Combine() {}

  public static long combine(long first, long second, long secondLength) {
    if (secondLength <= 0) {
      return first;
    }
    long[] operator = new long[32];
    operator[0] = POLYNOMIAL;
    for (int n = 1; n < 32; n++) {
      operator[n] = 1L << (n - 1);
    }
    long[] squared = new long[32];
    square(squared, operator);
    square(operator, squared);
    // operator now advances by four zero bits; each squaring below doubles it, starting at one byte.
    long register = first;
    long remaining = secondLength;
    long[] current = operator;
    long[] next = squared;
    while (remaining != 0) {
      square(next, current);
      long[] t = current;
      current = next;
      next = t;
      if ((remaining & 1) != 0) {
        register = times(current, register);
      }
      remaining >>>= 1;
    }
    return register ^ second;
  }

  private static long times(long[] matrix, long vector) {
    long sum = 0;
    for (int i = 0; vector != 0; i++, vector >>>= 1) {
      if ((vector & 1) != 0) {
        sum ^= matrix[i];
      }
    }
    return sum;
  }

  private static void square(long[] target, long[] matrix) {
    for (int n = 0; n < 32; n++) {
      target[n] = times(matrix, matrix[n]);
    }
  }
}
