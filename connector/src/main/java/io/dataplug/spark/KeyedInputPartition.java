package io.dataplug.spark;

import io.dataplug.formats.api.Slice;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.HasPartitionKey;

/**
 * A partition whose rows all hold one value of the dataset's partition key column (a LiDAR tile group): Spark
 * groups the partitions by it when the scan reports the column as its partitioning.
 */
final class KeyedInputPartition extends SparkInputPartition implements HasPartitionKey {
  private final long key;

  KeyedInputPartition(int index, List<Slice> slices, long key) {
    super(index, slices);
    this.key = key;
  }

  @Override
  public InternalRow partitionKey() {
    return new GenericInternalRow(new Object[] {key});
  }

  @Override
  public String toString() {
    return super.toString() + " key " + key;
  }
}
