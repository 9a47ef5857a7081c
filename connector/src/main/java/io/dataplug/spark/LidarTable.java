package io.dataplug.spark;

import io.dataplug.formats.las.LasFileInfo;
import io.dataplug.formats.las.LidarColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** The point clouds at the given paths; the schema comes from their headers (no point is read for it). */
final class LidarTable implements SupportsRead {
  private final String sourceName;
  private final LidarReadOptions readOptions;
  private final Configuration conf;
  private final Map<String, String> properties;
  private List<LasFileInfo> headers;
  private List<LidarColumn> columns;

  LidarTable(String sourceName, CaseInsensitiveStringMap options, boolean copc) {
    this.sourceName = sourceName;
    this.readOptions = new LidarReadOptions(options, copc);
    this.properties = options.asCaseSensitiveMap();
    this.conf = SparkHadoop.configuration(options);
  }

  @Override
  public String name() {
    return sourceName + " " + String.join(", ", readOptions.paths);
  }

  /** Whether this table was made from exactly these options. */
  boolean madeFrom(Map<String, String> options) {
    return properties.equals(options);
  }

  /** The files' headers, read once per table; planning and count(*) reuse them. */
  List<LasFileInfo> headers() {
    if (headers == null) {
      try {
        headers = List.copyOf(LidarPlanning.planner(readOptions, conf).headers());
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    return headers;
  }

  List<LidarColumn> lidarColumns() {
    if (columns == null) {
      List<LidarColumn> out;
      try {
        out = new ArrayList<>(LidarColumn.union(headers()));
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
      if (readOptions.includeSourceFile) {
        out.add(LidarColumn.sourceFile());
      }
      if (readOptions.includePointIndex) {
        out.add(LidarColumn.pointIndex());
      }
      columns = List.copyOf(out);
    }
    return columns;
  }

  @Override
  public StructType schema() {
    return LidarSchemas.sparkSchema(lidarColumns());
  }

  @Override
  public Set<TableCapability> capabilities() {
    return Set.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
    return new LidarScanBuilder(readOptions, conf, lidarColumns(), headers());
  }
}
