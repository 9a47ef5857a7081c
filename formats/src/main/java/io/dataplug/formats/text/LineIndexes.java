package io.dataplug.formats.text;

import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.index.IndexMode;
import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.storage.BlobStore;
import java.util.Set;

/**
 * Checkpoint indexes that split a compressed text file at line starts: {@code text} indexes (every line a record),
 * and FASTQ indexes, whose records start at line starts too, from the first byte on.
 */
public final class LineIndexes {
  /** The format name of a text index. */
  public static final String FORMAT = "text";

  private LineIndexes() {}

  /** @param span uncompressed bytes between the checkpoints of new indexes */
  public static SidecarIndexes sidecars(BlobStore store, String indexLocation, IndexMode mode, long span) {
    return new SidecarIndexes(store, indexLocation, mode, span, false, FORMAT, Set.of("fastq"),
        uri -> new LineScanner(), IndexBuilder.Progress.NONE);
  }
}
