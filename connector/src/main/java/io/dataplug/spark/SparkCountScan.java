package io.dataplug.spark;

import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.ScanRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.LocalScan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@code count(*)} answered on the driver from indexes or headers: no task decodes anything. */
final class SparkCountScan implements LocalScan {
  private final FormatDataset dataset;
  private final ScanRequest request;
  private final Configuration conf;

  SparkCountScan(FormatDataset dataset, ScanRequest request, Configuration conf) {
    this.dataset = dataset;
    this.request = request;
    this.conf = conf;
  }

  @Override
  public StructType readSchema() {
    return new StructType().add("count", DataTypes.LongType, false);
  }

  @Override
  public InternalRow[] rows() {
    try {
      IndexBuildJob.run(dataset, request, true, conf);
      OptionalLong count = dataset.count(request);
      if (count.isEmpty()) {
        throw new IllegalStateException("the format offered a count it cannot give: " + dataset.describe(request));
      }
      return new InternalRow[] {new GenericInternalRow(new Object[] {count.getAsLong()})};
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  @Override
  public String description() {
    return "CountScan " + dataset.describe(request) + " (count from indexes or headers)";
  }
}
