package io.dataplug.spark;

import io.dataplug.formats.fastq.FastqDatasetPlanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.LocalScan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@code count(*)} answered on the driver from the indexes' record counts: no task decodes anything. */
final class FastqCountScan implements LocalScan {
  private final FastqReadOptions options;
  private final Configuration conf;

  FastqCountScan(FastqReadOptions options, Configuration conf) {
    this.options = options;
    this.conf = conf;
  }

  @Override
  public StructType readSchema() {
    return new StructType().add("count", DataTypes.LongType, false);
  }

  @Override
  public InternalRow[] rows() {
    try {
      FastqDatasetPlanner planner = FastqIndexJob.prepare(options, conf, -1, true);
      long total = 0;
      for (FastqDatasetPlanner.PreparedFile file : planner.indexAll()) {
        total += file.index().recordCount();
      }
      return new InternalRow[] {new GenericInternalRow(new Object[] {total})};
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  @Override
  public String description() {
    return "FastqCountScan[" + String.join(", ", options.paths) + "] (count from the sidecar indexes)";
  }
}
