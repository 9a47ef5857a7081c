package io.dataplug.spark;

import io.dataplug.formats.api.Slice;
import java.util.List;

/**
 * The slices one task reads: each carries only its own index entries, never a whole index. On Spark 4 it reports
 * the rows, bytes and files it reads as partition statistics ({@link VersionedInputPartition}).
 */
class SparkInputPartition extends VersionedInputPartition {
  final int index;
  final List<Slice> slices;

  SparkInputPartition(int index, List<Slice> slices) {
    this.index = index;
    this.slices = List.copyOf(slices);
  }

  @Override
  long rows() {
    long rows = 0;
    for (Slice slice : slices) {
      if (slice.rows() < 0) {
        return -1;
      }
      rows += slice.rows();
    }
    return rows;
  }

  @Override
  long bytes() {
    return slices.stream().mapToLong(Slice::bytes).sum();
  }

  @Override
  long files() {
    return slices.stream().map(Slice::dataUri).distinct().count();
  }

  @Override
  public String toString() {
    return "SparkInputPartition " + index + " " + slices;
  }
}
