package io.dataplug.spark;

import io.dataplug.formats.las.LasFileInfo;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.read.LocalScan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** {@code count(*)} answered on the driver from the files' headers, already read for the schema: no I/O at all. */
final class LidarCountScan implements LocalScan {
  private final LidarReadOptions options;
  private final List<LasFileInfo> headers;

  LidarCountScan(LidarReadOptions options, List<LasFileInfo> headers) {
    this.options = options;
    this.headers = headers;
  }

  @Override
  public StructType readSchema() {
    return new StructType().add("count", DataTypes.LongType, false);
  }

  @Override
  public InternalRow[] rows() {
    long total = 0;
    for (LasFileInfo file : headers) {
      total += file.header().pointCount();
    }
    return new InternalRow[] {new GenericInternalRow(new Object[] {total})};
  }

  @Override
  public String description() {
    return "LidarCountScan[" + String.join(", ", options.paths) + "] (count from the headers)";
  }
}
