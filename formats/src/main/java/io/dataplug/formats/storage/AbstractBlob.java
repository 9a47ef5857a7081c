package io.dataplug.formats.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
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
  /** Array the bytes for a direct buffer pass through, kept from read to read (reads of 8 MiB are common). */
  private byte[] scratch = new byte[0];

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

  /** Into a direct buffer through an array kept from read to read, where the default allocates one per read. */
  @Override
  public synchronized void readFully(long position, ByteBuffer target) throws IOException {
    if (target.hasArray()) {
      Blob.super.readFully(position, target);
      return;
    }
    int len = target.remaining();
    if (scratch.length < len) {
      scratch = new byte[len];
    }
    readFully(position, scratch, 0, len);
    target.put(scratch, 0, len);
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
