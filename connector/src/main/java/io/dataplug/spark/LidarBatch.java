package io.dataplug.spark;

import io.dataplug.formats.las.LasFileInfo;
import io.dataplug.formats.las.LidarColumn;
import io.dataplug.formats.las.LidarDatasetPlanner;
import io.dataplug.formats.las.LidarSlice;
import io.dataplug.formats.las.PointFilter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** Plans the partitions (building indexes where pruning or tiling needs them) and hands out the reader factory. */
final class LidarBatch implements Batch {
  private final LidarReadOptions options;
  private final Configuration conf;
  private final List<LidarColumn> columns;
  private final PointFilter filter;
  private final List<LasFileInfo> headers;
  private InputPartition[] partitions;
  private LidarDatasetPlanner.Plan plan;

  LidarBatch(LidarReadOptions options, Configuration conf, List<LidarColumn> columns, PointFilter filter,
      List<LasFileInfo> headers) {
    this.headers = headers;
    this.options = options;
    this.conf = conf;
    this.columns = columns;
    this.filter = filter;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    if (partitions == null) {
      try {
        plan = LidarPlanning.planner(options, conf).plan(filter, headers);
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
      List<List<LidarSlice>> groups = plan.partitions();
      partitions = new InputPartition[groups.size()];
      for (int i = 0; i < groups.size(); i++) {
        partitions[i] = new LidarInputPartition(i, groups.get(i));
      }
    }
    return partitions;
  }

  CustomTaskMetric[] driverMetrics() {
    if (plan == null) {
      return new CustomTaskMetric[0];
    }
    return new CustomTaskMetric[] {
        FastqMetrics.task(LidarMetrics.RUNS_PLANNED, plan.unitsSelected()),
        FastqMetrics.task(LidarMetrics.RUNS_TOTAL, plan.unitsTotal()),
        FastqMetrics.task(LidarMetrics.BYTES_PLANNED, plan.bytesSelected()),
        FastqMetrics.task(LidarMetrics.BYTES_TOTAL, plan.bytesTotal())};
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    Broadcast<SparkHadoop.SerializableConfiguration> broadcastConf = SparkHadoop.broadcast(conf);
    return new LidarReaderFactory(broadcastConf, columns, options.batchSize, options.vectorized);
  }
}
