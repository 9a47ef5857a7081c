package io.dataplug.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/** A planned read of FASTQ files with the pushed-down columns and limit. */
final class FastqScan implements Scan {
  private final FastqReadOptions options;
  private final Configuration conf;
  private final StructType readSchema;
  private final int limit;
  private FastqBatch batch;

  FastqScan(FastqReadOptions options, Configuration conf, StructType readSchema, int limit) {
    this.options = options;
    this.conf = conf;
    this.readSchema = readSchema;
    this.limit = limit;
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  @Override
  public String description() {
    return "FastqScan[paths=" + String.join(", ", options.paths)
        + (options.partitions > 0 ? ", partitions=" + options.partitions : ", splitSize=" + options.splitSize)
        + ", index=" + options.indexMode.name().toLowerCase(java.util.Locale.ROOT)
        + (limit >= 0 ? ", limit=" + limit : "") + "]";
  }

  @Override
  public Batch toBatch() {
    // Spark may ask more than once; planning (and any index build) happens once per scan.
    if (batch == null) {
      batch = new FastqBatch(options, conf, readSchema, limit);
    }
    return batch;
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return FastqMetrics.all();
  }
}
