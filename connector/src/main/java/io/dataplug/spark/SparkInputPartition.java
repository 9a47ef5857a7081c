package io.dataplug.spark;

import io.dataplug.formats.api.Slice;
import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;

/** The slices one task reads: each carries only its own index entries, never a whole index. */
final class SparkInputPartition implements InputPartition {
  final int index;
  final List<Slice> slices;

  SparkInputPartition(int index, List<Slice> slices) {
    this.index = index;
    this.slices = List.copyOf(slices);
  }

  @Override
  public String toString() {
    return "SparkInputPartition " + index + " " + slices;
  }
}
