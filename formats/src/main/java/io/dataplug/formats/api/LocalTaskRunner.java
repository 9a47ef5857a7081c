package io.dataplug.formats.api;

import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs tasks on a fixed number of local threads (the CLI, tests, a driver without an engine). */
public final class LocalTaskRunner implements TaskRunner {
  private final BlobStore store;
  private final int threads;

  public LocalTaskRunner(BlobStore store, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    this.store = store;
    this.threads = threads;
  }

  @Override
  public int parallelism() {
    return threads;
  }

  @Override
  public <T extends Serializable> List<T> runAll(String description, List<? extends StoreTask<T>> tasks)
      throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, tasks.size())), r -> {
      Thread thread = new Thread(r, "dataplug-task");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (StoreTask<T> task : tasks) {
        futures.add(pool.submit(() -> task.run(store)));
      }
      List<T> results = new ArrayList<>(tasks.size());
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(description + " was interrupted", e);
    } catch (ExecutionException e) {
      throw rethrown(e.getCause(), description);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * What a task's failure ({@code cause}, from a {@link java.util.concurrent.Future}) rethrows: its own
   * IOException or RuntimeException as they are, else wrapped.
   */
  public static IOException rethrown(Throwable cause, String what) {
    if (cause instanceof IOException io) {
      return io;
    }
    if (cause instanceof UncheckedIOException unchecked) {
      return unchecked.getCause();
    }
    if (cause instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IOException(what + " failed: " + cause, cause);
  }
}
