package io.dataplug.spark;

import io.dataplug.formats.las.LasFileInfo;
import io.dataplug.formats.las.LidarColumn;
import io.dataplug.formats.las.PointFilter;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/** A planned read of point clouds with the pushed-down columns and coordinate box. */
final class LidarScan implements Scan {
  private final LidarReadOptions options;
  private final Configuration conf;
  private final List<LidarColumn> columns;
  private final StructType readSchema;
  private final PointFilter filter;
  private final List<LasFileInfo> headers;
  private LidarBatch batch;

  LidarScan(LidarReadOptions options, Configuration conf, List<LidarColumn> columns, StructType readSchema,
      PointFilter filter, List<LasFileInfo> headers) {
    this.headers = headers;
    this.options = options;
    this.conf = conf;
    this.columns = columns;
    this.readSchema = readSchema;
    this.filter = filter;
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  @Override
  public String description() {
    return (options.copc ? "CopcScan" : "LasScan") + "[paths=" + String.join(", ", options.paths)
        + (options.partitions > 0 ? ", partitions=" + options.partitions : ", splitSize=" + options.splitSize)
        + (options.tileSize > 0 ? ", tileSize=" + options.tileSize : "")
        + (options.maxDepth >= 0 ? ", maxDepth=" + options.maxDepth : "")
        + (options.copc ? "" : ", index=" + options.indexMode.name().toLowerCase(Locale.ROOT))
        + (filter == null ? "" : ", box=" + filter) + "]";
  }

  @Override
  public Batch toBatch() {
    if (batch == null) {
      batch = new LidarBatch(options, conf, columns, filter, headers);
    }
    return batch;
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return LidarMetrics.all();
  }

  @Override
  public CustomTaskMetric[] reportDriverMetrics() {
    return batch == null ? new CustomTaskMetric[0] : batch.driverMetrics();
  }
}
