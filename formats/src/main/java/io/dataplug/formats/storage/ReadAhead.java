package io.dataplug.formats.storage;

import java.io.IOException;
import java.util.function.Function;

/**
 * Serves byte ranges of a blob that are read in increasing order, fetching up to {@code window} bytes per request
 * but never past the caller's limit (the end of the adjacent ranges it will want next), so that many small adjacent
 * chunks cost one ranged request and no byte outside them is fetched.
 */
public final class ReadAhead {
  /** Makes the format's error for a range past the end of the file (a truncated file). */
  private final Function<String, IOException> truncated;
  private final Blob blob;
  private final int window;
  private byte[] buffer = new byte[0];
  private long bufferStart;
  private int bufferLength;

  public ReadAhead(Blob blob, int window, Function<String, IOException> truncated) {
    this.blob = blob;
    this.window = window;
    this.truncated = truncated;
  }

  /**
   * The buffer holding {@code [offset, offset + length)}, which starts at {@link #offsetIn}; a new request reads on
   * up to {@code limit} (at most {@code window} bytes).
   */
  public byte[] fetch(long offset, long length, long limit, String what) throws IOException {
    if (offset + length > blob.length()) {
      throw truncated.apply("Truncated file " + blob.uri() + ": " + what + " needs bytes [" + offset + ", "
          + (offset + length) + "), past its end (" + blob.length() + " bytes)");
    }
    if (offset >= bufferStart && offset + length <= bufferStart + bufferLength) {
      return buffer;
    }
    long stop = Math.max(offset + length, Math.min(Math.min(limit, blob.length()), offset + window));
    int n = Math.toIntExact(stop - offset);
    if (buffer.length < n) {
      buffer = new byte[n];
    }
    blob.readFully(offset, buffer, 0, n);
    bufferStart = offset;
    bufferLength = n;
    return buffer;
  }

  /**
   * For ranges read in the given order, how far a read at each may reach: the end of the run of ranges that follow
   * it, each starting at most {@code maxGap} bytes after the previous one ends (a gap is read, not a new request).
   * A range that is not followed closely ends its run, so no read crosses bytes that no later range wants.
   */
  public static long[] runLimits(long[] offsets, long[] lengths, long maxGap) {
    int n = offsets.length;
    long[] limits = new long[n];
    for (int k = n - 1; k >= 0; k--) {
      long end = offsets[k] + lengths[k];
      boolean joined = k + 1 < n && offsets[k + 1] >= end && offsets[k + 1] - end <= maxGap;
      limits[k] = joined ? limits[k + 1] : end;
    }
    return limits;
  }

  public int offsetIn(long offset) {
    return (int) (offset - bufferStart);
  }
}
