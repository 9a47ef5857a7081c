package io.dataplug.spark;

import io.dataplug.formats.las.LasFileInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.LocalScan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@code count(*)} answered on the driver from the files' headers: no point is read. */
final class LidarCountScan implements LocalScan {
  private final LidarReadOptions options;
  private final Configuration conf;

  LidarCountScan(LidarReadOptions options, Configuration conf) {
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
      long total = 0;
      for (LasFileInfo file : LidarPlanning.planner(options, conf).headers()) {
        total += file.header().pointCount();
      }
      return new InternalRow[] {new GenericInternalRow(new Object[] {total})};
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  @Override
  public String description() {
    return "LidarCountScan[" + String.join(", ", options.paths) + "] (count from the headers)";
  }
}
