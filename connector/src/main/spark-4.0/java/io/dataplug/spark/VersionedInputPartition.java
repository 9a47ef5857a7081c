package io.dataplug.spark;

import java.util.OptionalLong;
import org.apache.spark.sql.connector.read.HasPartitionStatistics;

/**
 * Spark 4.0's side of the version seam for input partitions: the rows (from the index, where it counts them), bytes
 * and files each partition reads, reported as Spark 4's partition statistics.
 */
abstract class VersionedInputPartition implements HasPartitionStatistics {
  /** Rows the partition returns, -1 when not known before reading. */
  abstract long rows();

  /** Bytes the partition decodes. */
  abstract long bytes();

  /** Files the partition reads. */
  abstract long files();

  @Override
  public OptionalLong sizeInBytes() {
    return OptionalLong.of(bytes());
  }

  @Override
  public OptionalLong numRows() {
    long rows = rows();
    return rows < 0 ? OptionalLong.empty() : OptionalLong.of(rows);
  }

  @Override
  public OptionalLong filesCount() {
    return OptionalLong.of(files());
  }
}
