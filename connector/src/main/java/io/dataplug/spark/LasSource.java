package io.dataplug.spark;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * {@code spark.read.format("dataplug-las")}: LAS and LAZ point clouds (told apart by content, LAS 1.0 to 1.4, point
 * formats 0 to 10), split by point ranges, LAZ chunk runs or spatial tiles ({@code tileSize}). The schema is the
 * union of the files' dimensions, with PDAL's names, read from their headers.
 */
public class LasSource implements TableProvider, DataSourceRegister {

  @Override
  public String shortName() {
    return "dataplug-las";
  }

  boolean copc() {
    return false;
  }

  /** The table inferSchema read the headers for; Spark asks getTable for it next, with the same options. */
  private LidarTable inferred;

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    inferred = new LidarTable(shortName(), options, copc());
    return inferred.schema();
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    LidarTable table = inferred;
    if (table != null && table.madeFrom(properties)) {
      return table;
    }
    return new LidarTable(shortName(), new CaseInsensitiveStringMap(properties), copc());
  }
}
