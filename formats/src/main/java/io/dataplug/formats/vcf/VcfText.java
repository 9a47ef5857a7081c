package io.dataplug.formats.vcf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Numbers and text inside VCF fields, parsed from bytes without making strings on the common paths. */
final class VcfText {
  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    double p = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = p;
      p *= 10;
    }
  }

  private VcfText() {}

  static boolean isMissing(byte[] b, int from, int to) {
    return to - from == 1 && b[from] == '.';
  }

  static int parseInt(byte[] b, int from, int to, String what) throws MalformedLine {
    if (to > from && to - from < 10) {
      int v = 0;
      int i = from;
      while (i < to && b[i] >= '0' && b[i] <= '9') {
        v = v * 10 + (b[i++] - '0');
      }
      if (i == to) {
        return v;
      }
    }
    long v = parseLong(b, from, to, what);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new MalformedLine(what + " " + text(b, from, to) + " does not fit a 32-bit integer");
    }
    return (int) v;
  }

  static long parseLong(byte[] b, int from, int to, String what) throws MalformedLine {
    int i = from;
    boolean negative = false;
    if (i < to && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    if (i == to || to - i > 18) {
      throw notA("an integer", b, from, to, what);
    }
    long v = 0;
    for (; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        throw notA("an integer", b, from, to, what);
      }
      v = v * 10 + d;
    }
    return negative ? -v : v;
  }

  /**
   * Parses a decimal exactly as {@link Double#parseDouble} does: digits with at most 15 significant digits and a
   * power of ten up to 22 are converted exactly (both factors are exact doubles and one rounding follows); other
   * forms (exponents, long mantissas, NaN and infinities in any case) go through the JDK.
   */
  static double parseDouble(byte[] b, int from, int to, String what) throws MalformedLine {
    int i = from;
    boolean negative = false;
    if (i < to && (b[i] == '-' || b[i] == '+')) {
      negative = b[i] == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fraction = -1;
    boolean simple = i < to;
    for (; i < to; i++) {
      byte c = b[i];
      if (c >= '0' && c <= '9') {
        if (mantissa != 0 || c != '0') {
          digits++;
        }
        mantissa = mantissa * 10 + (c - '0');
        if (fraction >= 0) {
          fraction++;
        }
        if (digits > 15) {
          simple = false;
          break;
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        simple = false;
        break;
      }
    }
    if (simple && !(fraction == 0 && to - from == 1) && fraction <= 22) {
      double v = fraction > 0 ? mantissa / POWERS_OF_TEN[fraction] : mantissa;
      return negative ? -v : v;
    }
    String s = text(b, from, to);
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    switch (lower) {
      case "nan", "+nan", "-nan":
        return Double.NaN;
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        break;
    }
    if (lower.isEmpty() || lower.endsWith("d") || lower.endsWith("f") || lower.startsWith("0x")) {
      throw notA("a number", b, from, to, what);
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw notA("a number", b, from, to, what);
    }
  }

  private static MalformedLine notA(String kind, byte[] b, int from, int to, String what) {
    return new MalformedLine(what + " '" + text(b, from, Math.min(to, from + 40)) + "' is not " + kind);
  }

  static String text(byte[] b, int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  static boolean hasPercent(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '%') {
        return true;
      }
    }
    return false;
  }

  /** Decodes VCF 4.3's percent encoding (section 1.2): %XX with two hex digits is that byte; other '%' stay. */
  static byte[] percentDecode(byte[] b, int from, int to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      if (b[i] == '%' && i + 2 < to && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0) {
        out.write(hex(b[i + 1]) * 16 + hex(b[i + 2]));
        i += 2;
      } else {
        out.write(b[i]);
      }
    }
    return out.toByteArray();
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }
}
