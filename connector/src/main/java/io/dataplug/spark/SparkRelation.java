package io.dataplug.spark;

import java.util.Map;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.PrunedScan;
import org.apache.spark.sql.types.StructType;

/**
 * The V1 face of every source, only for persistent tables: Spark 3.5's session catalog backs
 * {@code CREATE TABLE ... USING} with a V1 relation (a pure DSv2 provider is accepted there from Spark 4.0,
 * SPARK-46043). Its scan runs the DSv2 reader, so the same splitting, checks and options apply.
 */
final class SparkRelation extends BaseRelation implements PrunedScan {
  private final SQLContext sqlContext;
  private final String format;
  private final Map<String, String> options;
  private final StructType schema;

  SparkRelation(SQLContext sqlContext, String format, Map<String, String> options, StructType schema) {
    this.sqlContext = sqlContext;
    this.format = format;
    this.options = Map.copyOf(options);
    this.schema = schema;
  }

  @Override
  public SQLContext sqlContext() {
    return sqlContext;
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public RDD<Row> buildScan(String[] requiredColumns) {
    var df = sqlContext.sparkSession().read().format(format).options(options).load();
    if (requiredColumns.length == 0) {
      return df.selectExpr("1 AS one").rdd();
    }
    return df.selectExpr(requiredColumns).rdd();
  }
}
