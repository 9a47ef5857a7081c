package io.dataplug.formats.api;

import java.util.Locale;

/** Byte sizes as users write them: {@code 134217728}, {@code 128m}, {@code 1g}, {@code 256k} (binary units, as Spark). */
public final class Sizes {
  private Sizes() {}

  public static long parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.endsWith("b") && v.length() > 1 && !Character.isDigit(v.charAt(v.length() - 2))) {
      v = v.substring(0, v.length() - 1);
    }
    int shift = 0;
    if (!v.isEmpty()) {
      switch (v.charAt(v.length() - 1)) {
        case 'k' -> shift = 10;
        case 'm' -> shift = 20;
        case 'g' -> shift = 30;
        case 't' -> shift = 40;
        case 'b' -> shift = 0;
        default -> shift = -1;
      }
      if (shift >= 0) {
        v = v.substring(0, v.length() - 1);
      } else {
        shift = 0;
      }
    }
    long n;
    try {
      n = Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("use a size in bytes with an optional suffix, like 134217728, 128m or 1g");
    }
    if (n <= 0) {
      throw new IllegalArgumentException("must be positive");
    }
    if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("too large");
    }
    return n << shift;
  }

  /** The shortest exact spelling: {@code 8m}, {@code 256k}, {@code 1000}. */
  public static String human(long n) {
    if (n >= (1L << 30) && n % (1L << 30) == 0) {
      return (n >> 30) + "g";
    }
    if (n >= (1L << 20) && n % (1L << 20) == 0) {
      return (n >> 20) + "m";
    }
    if (n >= 1024 && n % 1024 == 0) {
      return (n >> 10) + "k";
    }
    return Long.toString(n);
  }
}
