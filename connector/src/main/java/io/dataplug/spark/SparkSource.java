package io.dataplug.spark;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.Formats;
import java.util.Map;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.connector.catalog.Table;
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
    inferred = new SparkTable(shortName(), format(), options);
    return inferred.schema();
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    SparkTable table = inferred;
    if (table != null && table.madeFrom(properties)) {
      return table;
    }
    return new SparkTable(shortName(), format(), new CaseInsensitiveStringMap(properties));
  }

  @Override
  public BaseRelation createRelation(SQLContext sqlContext, scala.collection.immutable.Map<String, String> parameters) {
    Map<String, String> options = scala.collection.JavaConverters.mapAsJavaMap(parameters);
    StructType schema = new SparkTable(shortName(), format(), new CaseInsensitiveStringMap(options)).schema();
    return new SparkRelation(sqlContext, shortName(), options, schema);
  }
}
