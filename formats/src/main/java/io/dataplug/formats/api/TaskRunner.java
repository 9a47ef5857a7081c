package io.dataplug.formats.api;

import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * Runs many small tasks where the engine runs work: as Spark tasks in the connector, on local threads in the CLI
 * and in tests. Formats use it for work that a single file splits into, such as indexing a large gzip file in
 * chunks.
 */
public interface TaskRunner {

  /** One task; it opens what it reads through the store it is given, wherever it runs. */
  @FunctionalInterface
  interface StoreTask<T extends Serializable> extends Serializable {
    T run(BlobStore store) throws IOException;
  }

  /** Runs every task, in parallel where possible; the results in the tasks' order. */
  <T extends Serializable> List<T> runAll(String description, List<? extends StoreTask<T>> tasks) throws IOException;

  /** How many tasks run at once. */
  int parallelism();
}
