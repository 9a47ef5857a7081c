package io.dataplug.formats.storage;

import java.util.concurrent.atomic.AtomicLong;

/** Counts what a reader fetched from storage; each count also goes to the parent's, when there is one. */
public final class ReadStats {
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final ReadStats parent;

  public ReadStats() {
    this(null);
  }

  ReadStats(ReadStats parent) {
    this.parent = parent;
  }

  public void record(long byteCount) {
    bytes.addAndGet(byteCount);
    requests.incrementAndGet();
    if (parent != null) {
      parent.record(byteCount);
    }
  }

  public long bytes() {
    return bytes.get();
  }

  public long requests() {
    return requests.get();
  }
}
