package io.dataplug.spark;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanRequest;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.SupportsReportPartitioning;
import org.apache.spark.sql.connector.read.partitioning.KeyGroupedPartitioning;
import org.apache.spark.sql.connector.read.partitioning.Partitioning;
import org.apache.spark.sql.connector.read.partitioning.UnknownPartitioning;
import org.apache.spark.sql.types.StructType;

/**
 * A read with its pushed-down columns, predicates and limit; planned once, when Spark first asks for the batch (or,
 * for a read with a partition key column, for its partitioning).
 */
final class SparkScan implements Scan, SupportsReportPartitioning {
  private final FormatDataset dataset;
  private final ReadOptions options;
  private final ScanRequest request;
  private final Configuration conf;
  private final StructType readSchema;
  private SparkBatch batch;

  SparkScan(FormatDataset dataset, ReadOptions options, ScanRequest request, Configuration conf,
      StructType readSchema) {
    this.dataset = dataset;
    this.options = options;
    this.request = request;
    this.conf = conf;
    this.readSchema = readSchema;
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  @Override
  public String description() {
    return dataset.describe(request);
  }

  /**
   * Every partition reads the same way (the {@code enableVectorizedReader} option), so Spark need not plan the
   * partitions to ask each one: physical planning (explain) then lists no partitions and builds no index.
   */
  @Override
  public ColumnarSupportMode columnarSupportMode() {
    return options.get(CommonOptions.ENABLE_VECTORIZED_READER) ? ColumnarSupportMode.SUPPORTED
        : ColumnarSupportMode.UNSUPPORTED;
  }

  @Override
  public Batch toBatch() {
    if (batch == null) {
      batch = new SparkBatch(dataset, request, conf, options.get(CommonOptions.ENABLE_VECTORIZED_READER));
    }
    return batch;
  }

  /**
   * The dataset's partition key column, when the read returns it: every partition holds one key, so with
   * spark.sql.sources.v2.bucketing.enabled Spark groups and aggregates by it without an exchange.
   */
  @Override
  public Partitioning outputPartitioning() {
    String key = dataset.partitionKeyColumn(request);
    String read = key == null ? null : java.util.Arrays.stream(readSchema.fieldNames())
        .filter(key::equalsIgnoreCase).findFirst().orElse(null);
    if (read == null) {
      return new UnknownPartitioning(0);
    }
    int partitions = toBatch().planInputPartitions().length;
    return new KeyGroupedPartitioning(new Expression[] {Expressions.identity(read)}, partitions);
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return ScanMetrics.all();
  }

  @Override
  public CustomTaskMetric[] reportDriverMetrics() {
    return batch == null ? new CustomTaskMetric[0] : batch.planningMetrics();
  }
}
