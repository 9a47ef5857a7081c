package io.dataplug.formats.codec;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Inflating a stream whose decoded length is known (index windows, TIFF tiles, imzML arrays). */
public final class Inflating {
  private Inflating() {}

  /**
   * Inflates from the inflater's input into {@code out[0, length)}; returns how many bytes it produced, fewer when
   * the stream ends or its input runs out first (the caller says what that means for its data).
   */
  public static int inflate(Inflater inflater, byte[] out, int length) throws DataFormatException {
    return inflate(inflater, out, 0, length);
  }

  /** As {@link #inflate(Inflater, byte[], int)}, into {@code out[at, at + length)}. */
  public static int inflate(Inflater inflater, byte[] out, int at, int length) throws DataFormatException {
    int n = 0;
    while (n < length && !inflater.finished()) {
      int k = inflater.inflate(out, at + n, length - n);
      if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
        break;
      }
      n += k;
    }
    return n;
  }
}
