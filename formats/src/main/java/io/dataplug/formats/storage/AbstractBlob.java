package io.dataplug.formats.storage;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** What every blob keeps: its URI, its identity and its read counters; and a count of blobs not yet closed. */
abstract class AbstractBlob implements Blob {
  private static final AtomicLong OPEN = new AtomicLong();
  private static final AtomicLong EVER_OPENED = new AtomicLong();
  private static final ReadStats EVERY_READ = new ReadStats();
  private final String uri;
  private final BlobIdentity identity;
  private final ReadStats stats = new ReadStats(EVERY_READ);
  private final AtomicBoolean closed = new AtomicBoolean();

  AbstractBlob(String uri, BlobIdentity identity) {
    this.uri = uri;
    this.identity = identity;
    OPEN.incrementAndGet();
    EVER_OPENED.incrementAndGet();
  }

  /** Blobs opened and not closed yet in this JVM (each may hold a file handle or an HTTP connection). */
  static long openCount() {
    return OPEN.get();
  }

  /** Blobs opened in this JVM so far, closed or not. */
  static long everOpened() {
    return EVER_OPENED.get();
  }

  /** Every read of every blob in this JVM so far. */
  static ReadStats everyRead() {
    return EVERY_READ;
  }

  @Override
  public final void close() throws IOException {
    if (closed.compareAndSet(false, true)) {
      OPEN.decrementAndGet();
      release();
    }
  }

  /** Releases the file handle or stream. */
  abstract void release() throws IOException;

  @Override
  public final String uri() {
    return uri;
  }

  @Override
  public final BlobIdentity identity() {
    return identity;
  }

  @Override
  public final ReadStats stats() {
    return stats;
  }
}
