package io.dataplug.formats.fastq;

import io.dataplug.formats.api.Slice;
import io.dataplug.formats.plan.FileSlice;

/**
 * Records {@code [read1.firstOrdinal(), + read1.recordCount())} of a pair of FASTQ files: {@code read1} is a slice of
 * mate 1's file; {@code read2} is the shortest slice of mate 2's file that holds the same ordinals, whose first
 * {@code skip2} records come before them.
 */
record PairedSlice(FileSlice read1, FileSlice read2, long skip2) implements Slice {
  @Override
  public String dataUri() {
    return read1.dataUri();
  }

  @Override
  public long bytes() {
    return read1.bytes() + read2.bytes();
  }

  /** One row per pair: as many as read 1's records. */
  @Override
  public long rows() {
    return read1.rows();
  }

  @Override
  public String describe() {
    return "records " + read1.firstOrdinal() + ".." + (read1.firstOrdinal() + read1.recordCount()) + " of "
        + read1.dataUri() + " and " + read2.dataUri() + " (mate 2 from its record " + read2.firstOrdinal() + ")";
  }
}
