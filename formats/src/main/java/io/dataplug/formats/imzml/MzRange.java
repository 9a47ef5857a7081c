package io.dataplug.formats.imzml;

import java.io.Serializable;

/** The {@code mzRange} option: m/z values from low to high, both included. */
record MzRange(double low, double high) implements Serializable {

  static MzRange parse(String text) {
    int colon = text.indexOf(':');
    try {
      if (colon > 0) {
        double low = Double.parseDouble(text.substring(0, colon).trim());
        double high = Double.parseDouble(text.substring(colon + 1).trim());
        if (low <= high && !Double.isNaN(low) && !Double.isNaN(high)) {
          return new MzRange(low, high);
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("Invalid value '" + text + "' for option mzRange: use low:high with"
        + " low <= high, for example 400.5:401.5");
  }

  /** The first position of the ascending {@code mz[0, n)} at or above {@link #low}. */
  int from(double[] mz, int n) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (mz[mid] < low) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** The first position of the ascending {@code mz[0, n)} above {@link #high}. */
  int to(double[] mz, int n) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (mz[mid] <= high) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  @Override
  public String toString() {
    return low + ":" + high;
  }
}
