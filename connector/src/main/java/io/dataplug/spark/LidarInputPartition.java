package io.dataplug.spark;

import io.dataplug.formats.las.LidarSlice;
import java.util.List;
import org.apache.spark.sql.connector.read.InputPartition;

/** The slices one task reads: runs of points with their file's header summary, never a whole index. */
final class LidarInputPartition implements InputPartition {
  final int index;
  final List<LidarSlice> slices;

  LidarInputPartition(int index, List<LidarSlice> slices) {
    this.index = index;
    this.slices = List.copyOf(slices);
  }

  @Override
  public String toString() {
    return "LidarInputPartition " + index + " " + slices;
  }
}
