package io.dataplug.spark;

import org.apache.spark.sql.connector.read.InputPartition;

/**
 * Spark 3.5's side of the version seam for input partitions: Spark 3.5 has no partition statistics interface, so
 * the rows, bytes and files a partition knows are not reported (see the Spark 4.0 side).
 */
abstract class VersionedInputPartition implements InputPartition {
  /** Rows the partition returns, -1 when not known before reading. */
  abstract long rows();

  /** Bytes the partition decodes. */
  abstract long bytes();

  /** Files the partition reads. */
  abstract long files();
}
