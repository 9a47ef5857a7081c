package io.dataplug.formats.vcf;

import io.dataplug.formats.api.Slice;
import io.dataplug.formats.plan.FileSlice;

/**
 * A piece of one VCF file for one task, with its file's header (shared by the file's slices in a partition).
 *
 * @param samples positions in the file's header of the samples kept, in order
 */
record VcfSlice(FileSlice text, VcfHeader header, int[] samples) implements Slice {
  @Override
  public String dataUri() {
    return text.dataUri();
  }

  @Override
  public long bytes() {
    return text.bytes();
  }

  @Override
  public String describe() {
    return text.describe();
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
