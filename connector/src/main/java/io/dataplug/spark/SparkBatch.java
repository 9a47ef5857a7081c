package io.dataplug.spark;

import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.ScanPlan;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.api.Slice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** Plans the partitions once (building missing indexes first, as Spark tasks) and hands out the reader factory. */
final class SparkBatch implements Batch {
  private final FormatDataset dataset;
  private final ScanRequest request;
  private final Configuration conf;
  private final boolean vectorized;
  private ScanPlan plan;
  private InputPartition[] partitions;

  SparkBatch(FormatDataset dataset, ScanRequest request, Configuration conf, boolean vectorized) {
    this.dataset = dataset;
    this.request = request;
    this.conf = conf;
    this.vectorized = vectorized;
  }

  /** Partition plannings in this JVM so far: tests check that a query plans once. */
  private static final java.util.concurrent.atomic.AtomicLong PLANNINGS = new java.util.concurrent.atomic.AtomicLong();

  static long planningsSoFar() {
    return PLANNINGS.get();
  }

  private ScanPlan plan() {
    if (plan == null) {
      PLANNINGS.incrementAndGet();
      try {
        IndexBuildJob.run(dataset, request, false, conf);
        plan = dataset.plan(request);
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    return plan;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    if (partitions == null) {
      List<List<Slice>> groups = plan().partitions();
      List<Long> keys = plan().partitionKeys();
      partitions = new InputPartition[groups.size()];
      for (int i = 0; i < groups.size(); i++) {
        partitions[i] = keys.isEmpty() ? new SparkInputPartition(i, groups.get(i))
            : new KeyedInputPartition(i, groups.get(i), keys.get(i));
      }
    }
    return partitions;
  }

  CustomTaskMetric[] planningMetrics() {
    return plan == null ? new CustomTaskMetric[0] : ScanMetrics.values(plan.planningMetrics());
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    Broadcast<SparkHadoop.SerializableConfiguration> broadcastConf = SparkHadoop.broadcast(conf);
    return new SparkReaderFactory(broadcastConf, plan().readers(), vectorized);
  }
}
