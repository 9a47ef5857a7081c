package io.dataplug.spark;

import io.dataplug.formats.fastq.FastqDatasetPlanner;
import io.dataplug.formats.plan.FileSlice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;

/** Plans the partitions from the indexes (building missing ones) and hands out the reader factory. */
final class FastqBatch implements Batch {
  private final FastqReadOptions options;
  private final Configuration conf;
  private final StructType readSchema;
  private final int limit;
  private InputPartition[] partitions;

  FastqBatch(FastqReadOptions options, Configuration conf, StructType readSchema, int limit) {
    this.options = options;
    this.conf = conf;
    this.readSchema = readSchema;
    this.limit = limit;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    if (partitions == null) {
      FastqDatasetPlanner.Plan plan;
      try {
        plan = FastqIndexJob.prepare(options, conf, limit, false).plan();
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
      List<List<FileSlice>> groups = plan.partitions();
      partitions = new InputPartition[groups.size()];
      for (int i = 0; i < groups.size(); i++) {
        partitions[i] = new FastqInputPartition(i, groups.get(i));
      }
    }
    return partitions;
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    Broadcast<SparkHadoop.SerializableConfiguration> broadcastConf = SparkHadoop.broadcast(conf);
    return new FastqReaderFactory(broadcastConf, FastqSchemas.columnsOf(readSchema), options.batchSize, options.vectorized);
  }
}
