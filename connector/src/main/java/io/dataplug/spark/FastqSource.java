package io.dataplug.spark;

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
 * {@code spark.read.format("dataplug-fastq")}: FASTQ, plain, gzip or BGZF (told apart by content), split through a
 * sidecar index. The schema comes from the options alone, so {@code printSchema()} reads no data. Reads go through
 * DataSource V2; the {@link RelationProvider} side only serves persistent tables of Spark 3.5's session catalog.
 */
public class FastqSource implements TableProvider, DataSourceRegister, RelationProvider {

  @Override
  public String shortName() {
    return "dataplug-fastq";
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return FastqSchemas.sparkSchema(new FastqReadOptions(options).columns());
  }

  @Override
  public BaseRelation createRelation(SQLContext sqlContext, scala.collection.immutable.Map<String, String> parameters) {
    Map<String, String> options = scala.collection.JavaConverters.mapAsJavaMap(parameters);
    StructType schema = FastqSchemas.sparkSchema(new FastqReadOptions(new CaseInsensitiveStringMap(options)).columns());
    return new FastqRelation(sqlContext, shortName(), options, schema);
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new FastqTable(shortName(), new CaseInsensitiveStringMap(properties));
  }
}
