package io.dataplug.formats.fastq;

import java.util.Locale;

/**
 * How quality characters encode Phred scores: {@code auto} leaves them as written (and detects the offset for the
 * plan and the log), {@code phred33} checks they are +33 (Sanger, Illumina 1.8+), {@code phred64} converts +64
 * (Illumina 1.3 to 1.7) to +33.
 */
public enum QualityEncoding {
  AUTO, PHRED33, PHRED64;

  /** Lowest and highest quality characters of +33 and +64 (SAM spec section 1.4: '!' to '~'). */
  private static final int LOWEST_33 = '!';
  private static final int LOWEST_64 = '@';
  private static final int HIGHEST = '~';
  /** Qualities below ';' occur only in +33 (Solexa +64 goes down to ';'); above 'J' only in +64. */
  private static final int ONLY_33_BELOW = ';';
  private static final int ONLY_64_ABOVE = 'J';

  /**
   * Checks (and for {@link #PHRED64} converts in place) {@code length} quality characters; returns null when they
   * fit, else what is wrong.
   */
  String apply(byte[] quality, int offset, int length) {
    switch (this) {
      case PHRED33 -> {
        for (int i = offset; i < offset + length; i++) {
          int q = quality[i] & 0xFF;
          if (q < LOWEST_33 || q > HIGHEST) {
            return "quality character '" + (char) q + "' is not Phred+33 ('!' to '~')";
          }
        }
      }
      case PHRED64 -> {
        for (int i = offset; i < offset + length; i++) {
          int q = quality[i] & 0xFF;
          if (q < LOWEST_64 - 5 || q > HIGHEST) {
            return "quality character '" + (char) q + "' is not Phred+64 (';' to '~')";
          }
          quality[i] = (byte) Math.max(LOWEST_33, q - 31);
        }
      }
      default -> {
        // as written
      }
    }
    return null;
  }

  /** The offset the quality characters seen suggest: "phred+33", "phred+64" or "undetermined". */
  static String detect(int lowest, int highest) {
    if (lowest < 0) {
      return "undetermined (no records read)";
    }
    if (lowest < ONLY_33_BELOW) {
      return "phred+33";
    }
    if (lowest >= LOWEST_64 && highest > ONLY_64_ABOVE) {
      return "phred+64";
    }
    return "undetermined (qualities '" + (char) lowest + "' to '" + (char) highest + "' fit both)";
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
