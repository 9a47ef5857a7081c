package io.dataplug.spark;

import io.dataplug.formats.plan.FileSlice;
import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;

/** The slices one task reads: each carries only its own index entry, never the whole index. */
final class FastqInputPartition implements InputPartition {
  final int index;
  final List<FileSlice> slices;

  FastqInputPartition(int index, List<FileSlice> slices) {
    this.index = index;
    this.slices = List.copyOf(slices);
  }

  @Override
  public String toString() {
    return "FastqInputPartition " + index + " " + slices;
  }
}
