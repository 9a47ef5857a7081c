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
    return sidecars(store, indexLocation, mode, span, false, IndexBuilder.Progress.NONE);
  }

  /** @param spanExplicit whether an index of another span is rebuilt (as when the user named the span) */
  public static SidecarIndexes sidecars(BlobStore store, String indexLocation, IndexMode mode, long span,
      boolean spanExplicit, IndexBuilder.Progress progress) {
    return new SidecarIndexes(store, indexLocation, mode, span, spanExplicit, FORMAT, Set.of("fastq"),
        uri -> new LineScanner(), progress);
  }
}
