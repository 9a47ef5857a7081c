package io.dataplug.formats.text;

import io.dataplug.formats.index.RecordScanner;
import io.dataplug.formats.index.RecordSync;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.storage.Blob;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * What a line-oriented format (FASTQ, VCF) tells {@link TextFilesPlanner}: its index kind, how to find and check its
 * record starts while indexing, and how to split a plain file without an index.
 */
public interface TextRecords extends Serializable {

  /** The index kind, the {@code NAME} of {@code .NAME.dpidx}. */
  String indexKind();

  /** A scanner of one file's uncompressed bytes for the indexing pass. */
  RecordScanner scanner(String uri);

  /**
   * Slices of a plain file of about {@code splitSize} bytes each, cut at record starts verified without an index;
   * null when some cut cannot be verified (the file then needs an index to be split).
   */
  List<FileSlice> splitPlain(Blob blob, long splitSize) throws IOException;

  /** How a piece of a file finds its first record on its own, for indexing in parallel; null when it cannot. */
  default RecordSync recordSync() {
    return null;
  }

  /** Why {@link #splitPlain} gave up, for the warning (for example "strict 4-line FASTQ records"). */
  String splitPlainNeeds();
}
