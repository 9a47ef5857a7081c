package io.dataplug.formats.api;

import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/** Opens a partition's slices as Arrow batches of the requested columns; shipped to executors. */
public interface SliceReaderFactory extends Serializable {

  /** Rows per batch, as the batchSize option says. */
  int batchSize();

  /**
   * A reader of {@code slices} in order; its vectors are allocated from {@code allocator}, which the caller closes
   * after closing the reader.
   */
  BatchReader open(BlobStore store, List<Slice> slices, BufferAllocator allocator) throws IOException;
}
