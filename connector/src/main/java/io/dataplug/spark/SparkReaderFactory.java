package io.dataplug.spark;

import io.dataplug.formats.api.SliceReaderFactory;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/** Creates readers on the executors from the format's reader factory; the Hadoop configuration arrives as a broadcast. */
final class SparkReaderFactory implements PartitionReaderFactory {
  private final Broadcast<SparkHadoop.SerializableConfiguration> conf;
  private final SliceReaderFactory readers;
  private final boolean vectorized;

  SparkReaderFactory(Broadcast<SparkHadoop.SerializableConfiguration> conf, SliceReaderFactory readers,
      boolean vectorized) {
    this.conf = conf;
    this.readers = readers;
    this.vectorized = vectorized;
  }

  @Override
  public boolean supportColumnarReads(InputPartition partition) {
    return vectorized;
  }

  @Override
  public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
    return new SparkColumnarReader((SparkInputPartition) partition, conf.value().get(), readers);
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    return new SparkRowReader(createColumnarReader(partition));
  }
}
