package io.dataplug.formats.storage;

import java.util.concurrent.atomic.AtomicLong;

/** Counts what a reader fetched from storage. */
public final class ReadStats {
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();

  public void record(long byteCount) {
    bytes.addAndGet(byteCount);
    requests.incrementAndGet();
  }

  public long bytes() {
    return bytes.get();
  }

  public long requests() {
    return requests.get();
  }
}
