package io.dataplug.formats.las;

import io.dataplug.formats.storage.Blob;
import java.io.IOException;

/**
 * Serves byte ranges of a blob that are read in increasing order, fetching at least {@code window} bytes per
 * request (never past {@code end}), so that many small adjacent chunks cost one ranged request, not one each.
 */
final class ReadAhead {
  private final Blob blob;
  private final long end;
  private final int window;
  private byte[] buffer = new byte[0];
  private long bufferStart;
  private int bufferLength;

  ReadAhead(Blob blob, long end, int window) {
    this.blob = blob;
    this.end = Math.min(end, blob.length());
    this.window = window;
  }

  /** The buffer holding {@code [offset, offset + length)}; the range starts at {@link #offsetIn}. */
  byte[] fetch(long offset, long length, String what) throws IOException {
    if (offset + length > blob.length()) {
      throw new LasFormatException("Truncated file " + blob.uri() + ": " + what + " needs bytes [" + offset + ", "
          + (offset + length) + "), past its end (" + blob.length() + " bytes)");
    }
    if (offset >= bufferStart && offset + length <= bufferStart + bufferLength) {
      return buffer;
    }
    long stop = Math.max(offset + length, Math.min(end, offset + window));
    int n = Math.toIntExact(stop - offset);
    if (buffer.length < n) {
      buffer = new byte[n];
    }
    blob.readFully(offset, buffer, 0, n);
    bufferStart = offset;
    bufferLength = n;
    return buffer;
  }

  int offsetIn(long offset) {
    return (int) (offset - bufferStart);
  }
}
