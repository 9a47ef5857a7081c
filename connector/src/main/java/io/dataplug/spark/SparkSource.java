package io.dataplug.spark;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.Formats;
import java.util.Map;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCatalog;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.sources.RelationProvider;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * What every {@code dataplug-*} short name shares: the format named by {@link #shortName()}, a DataSource V2 table
 * for reads, and a V1 {@link RelationProvider} face that only serves persistent tables of Spark 3.5's session catalog
 * (its scan runs the same DSv2 reader). A format's provider is a subclass that names itself.
 */
public abstract class SparkSource implements TableProvider, DataSourceRegister, RelationProvider {
  /** The table inferSchema built (headers read once); Spark asks getTable for it next, with the same options. */
  private SparkTable inferred;

  DataFormat format() {
    return Formats.byShortName(shortName());
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    inferred = new SparkTable(shortName(), format(), new CaseInsensitiveStringMap(readOptions(options.asCaseSensitiveMap())));
    return inferred.schema();
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    Map<String, String> options = readOptions(properties);
    SparkTable table = inferred;
    if (table != null && table.madeFrom(options)) {
      return table;
    }
    return new SparkTable(shortName(), format(), new CaseInsensitiveStringMap(options));
  }

  /**
   * The read options in what Spark hands a provider. A persistent table of Spark 4's session catalog is served by
   * this provider itself (SPARK-46043), which gets the table's properties: its OPTIONS prefixed {@code option.}, and
   * catalog properties (owner, provider, location, ...) that are no read options. A read gets its options as given.
   */
  static Map<String, String> readOptions(Map<String, String> given) {
    boolean fromCatalog = given.keySet().stream().anyMatch(k -> k.startsWith(TableCatalog.OPTION_PREFIX))
        || given.containsKey(TableCatalog.PROP_PROVIDER);
    if (!fromCatalog) {
      return given;
    }
    Map<String, String> options = new java.util.HashMap<>();
    for (Map.Entry<String, String> e : given.entrySet()) {
      String key = e.getKey();
      if (key.startsWith(TableCatalog.OPTION_PREFIX)) {
        options.put(key.substring(TableCatalog.OPTION_PREFIX.length()), e.getValue());
      } else if (!CATALOG_PROPERTIES.contains(key)) {
        options.putIfAbsent(key, e.getValue());
      }
    }
    return options;
  }

  /** Table properties of the session catalog (TableCatalog.PROP_*; {@code collation} is Spark 4's) and Hive's. */
  private static final java.util.Set<String> CATALOG_PROPERTIES = java.util.Set.of(TableCatalog.PROP_PROVIDER,
      TableCatalog.PROP_LOCATION, TableCatalog.PROP_COMMENT, TableCatalog.PROP_OWNER, TableCatalog.PROP_EXTERNAL,
      TableCatalog.PROP_IS_MANAGED_LOCATION, "collation", "transient_lastDdlTime");

  @Override
  public BaseRelation createRelation(SQLContext sqlContext, scala.collection.immutable.Map<String, String> parameters) {
    Map<String, String> options = scala.collection.JavaConverters.mapAsJavaMap(parameters);
    StructType schema = new SparkTable(shortName(), format(), new CaseInsensitiveStringMap(options)).schema();
    return new SparkRelation(sqlContext, shortName(), options, schema);
  }
}
