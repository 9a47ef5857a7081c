package io.dataplug.formats.storage;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Serves the byte ranges a reader will want, known in advance and asked for in that order. Ranges that follow each
 * other closely (a gap of at most {@code maxGap} bytes is read, not skipped) share one request of up to
 * {@code window} bytes, so many small adjacent chunks cost one ranged read and no byte outside them and their small
 * gaps is fetched. Where the blob reads in the background (Hadoop's vectored reads), the next {@value #DEPTH}
 * requests are started while the reader decodes the current one; elsewhere each request is made when it is needed.
 */
public final class ReadAhead implements Closeable {
  /** Requests started beyond the one being read: enough to keep a transfer going while a window is decoded. */
  static final int DEPTH = 2;
  private static final byte[] EMPTY = new byte[0];

  private final Blob blob;
  /** Makes the format's error for a range past the end of the file (a truncated file). */
  private final Function<String, IOException> truncated;
  private final long[] offsets;
  private final long[] lengths;
  /** Per range, its request; -1 for an empty range or one past the end of the blob (never requested). */
  private final int[] requestOf;
  private final long[] requestStart;
  private final int[] requestLength;
  private final int requests;
  @SuppressWarnings("unchecked")
  private final CompletableFuture<ByteBuffer>[] pending;
  private final int depth;
  /** Requests below this one have been started or passed over. */
  private int started;
  private int current = -1;
  private byte[] currentArray = EMPTY;
  private int currentBase;
  /** Whether the range last fetched was empty (it has no buffer). */
  private boolean lastEmpty;

  public ReadAhead(Blob blob, long[] offsets, long[] lengths, long maxGap, int window,
      Function<String, IOException> truncated) {
    if (offsets.length != lengths.length) {
      throw new IllegalArgumentException(offsets.length + " offsets but " + lengths.length + " lengths");
    }
    this.blob = blob;
    this.truncated = truncated;
    this.offsets = offsets.clone();
    this.lengths = lengths.clone();
    int n = offsets.length;
    this.requestOf = new int[n];
    long[] starts = new long[n];
    long[] ends = new long[n];
    int r = -1;
    for (int k = 0; k < n; k++) {
      long start = offsets[k];
      long end = start + lengths[k];
      if (lengths[k] == 0 || end > blob.length()) {
        requestOf[k] = -1;
        continue;
      }
      if (r >= 0 && start >= starts[r] && end <= ends[r]) {
        requestOf[k] = r;
      } else if (r >= 0 && start >= ends[r] && start - ends[r] <= maxGap && end - starts[r] <= window) {
        ends[r] = end;
        requestOf[k] = r;
      } else {
        r++;
        starts[r] = start;
        ends[r] = end;
        requestOf[k] = r;
      }
    }
    this.requests = r + 1;
    this.requestStart = new long[requests];
    this.requestLength = new int[requests];
    for (int i = 0; i < requests; i++) {
      requestStart[i] = starts[i];
      requestLength[i] = Math.toIntExact(ends[i] - starts[i]);
    }
    this.pending = new CompletableFuture[requests];
    this.depth = blob.readsInBackground() ? DEPTH : 0;
  }

  /** Ranged requests this plan makes when every range is read. */
  public int requests() {
    return requests;
  }

  /**
   * The buffer holding range {@code k}; {@link #offsetIn} finds any of its bytes there. Ranges are asked for in
   * increasing order of {@code k} (any may be passed over).
   */
  public byte[] fetch(int k, String what) throws IOException {
    if (offsets[k] + lengths[k] > blob.length()) {
      throw truncated(what, offsets[k], offsets[k] + lengths[k], "past its end (" + blob.length() + " bytes)");
    }
    int r = requestOf[k];
    lastEmpty = r < 0;
    if (lastEmpty) {
      return EMPTY;
    }
    if (r != current) {
      moveTo(r, what);
    }
    return currentArray;
  }

  /** Where the byte at {@code position} of the range last fetched lies in the buffer {@link #fetch} returned. */
  public int offsetIn(long position) {
    return lastEmpty ? 0 : currentBase + Math.toIntExact(position - requestStart[current]);
  }

  private void moveTo(int r, String what) throws IOException {
    if (current >= 0 && pending[current] != null && pending[current].isDone()) {
      pending[current] = null;
    }
    started = Math.max(started, r);
    int last = Math.min(requests - 1, r + depth);
    while (started <= last) {
      pending[started] = blob.readAsync(requestStart[started], requestLength[started]);
      started++;
    }
    ByteBuffer data = await(r, what);
    pending[r] = null;
    current = r;
    if (data.hasArray()) {
      currentArray = data.array();
      currentBase = data.arrayOffset() + data.position();
    } else {
      currentArray = new byte[data.remaining()];
      data.duplicate().get(currentArray);
      currentBase = 0;
    }
  }

  private ByteBuffer await(int r, String what) throws IOException {
    try {
      ByteBuffer data = pending[r].get();
      if (data.remaining() != requestLength[r]) {
        throw truncated(what, requestStart[r], requestStart[r] + requestLength[r], "and only " + data.remaining()
            + " came back");
      }
      return data;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException interrupted = new InterruptedIOException("Interrupted while reading " + blob.uri());
      interrupted.initCause(e);
      throw interrupted;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof EOFException) {
        throw truncated(what, requestStart[r], requestStart[r] + requestLength[r], "past its end ("
            + cause.getMessage() + ")");
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("Reading bytes [" + requestStart[r] + ", " + (requestStart[r] + requestLength[r])
          + ") of " + blob.uri() + " failed", cause);
    }
  }

  private IOException truncated(String what, long start, long end, String why) {
    return truncated.apply("Truncated file " + blob.uri() + ": " + what + " needs bytes [" + start + ", " + end + "), "
        + why);
  }

  /** Waits for requests still in flight, so the blob is not closed under them. Does not close the blob. */
  @Override
  public void close() {
    for (int r = 0; r < requests; r++) {
      CompletableFuture<ByteBuffer> f = pending[r];
      pending[r] = null;
      if (f != null && !f.isDone()) {
        try {
          f.join();
        } catch (RuntimeException ignored) {
          // A read the reader no longer wants: its failure does not matter.
        }
      }
    }
  }
}
