package io.dataplug.spark;

import io.dataplug.formats.fastq.FastqColumn;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/** Creates columnar readers on the executors; the Hadoop configuration arrives as a broadcast. */
final class FastqReaderFactory implements PartitionReaderFactory {
  private final Broadcast<SparkHadoop.SerializableConfiguration> conf;
  private final List<FastqColumn> columns;
  private final int batchSize;
  private final boolean vectorized;

  FastqReaderFactory(Broadcast<SparkHadoop.SerializableConfiguration> conf, List<FastqColumn> columns, int batchSize,
      boolean vectorized) {
    this.conf = conf;
    this.columns = List.copyOf(columns);
    this.batchSize = batchSize;
    this.vectorized = vectorized;
  }

  @Override
  public boolean supportColumnarReads(InputPartition partition) {
    return vectorized;
  }

  @Override
  public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
    return new FastqColumnarReader((FastqInputPartition) partition, conf.value().get(), columns, batchSize);
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    return new BatchRowsReader(createColumnarReader(partition));
  }
}
