package io.dataplug.formats.index;

import java.io.IOException;

/**
 * Finds record starts in a file's uncompressed bytes during the indexing pass, validating the format as it goes.
 * Bytes arrive in order, in chunks of any size.
 */
public interface RecordScanner {

  /** Scans the next bytes; returns the index in {@code b} of the first record start among them, or -1. */
  int scan(byte[] b, int off, int len) throws IOException;

  /** Ordinal of the record whose start the last successful {@link #scan} returned. */
  long lastFoundOrdinal();

  /** Ends the input; returns the number of records, or throws when the input ends inside a record. */
  long finish() throws IOException;

  /** After {@link #finish}: a table of the format's own for the index to keep (FASTA's contigs), or null. */
  default byte[] formatTable() {
    return null;
  }
}
