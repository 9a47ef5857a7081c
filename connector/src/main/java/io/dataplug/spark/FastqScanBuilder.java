package io.dataplug.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.Count;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Pushes down the columns a query needs, a limit (read only the first records, never index a whole file for it),
 * and {@code count(*)}, which the indexes answer without decoding anything.
 */
final class FastqScanBuilder
    implements ScanBuilder, SupportsPushDownRequiredColumns, SupportsPushDownLimit, SupportsPushDownAggregates {
  private final FastqReadOptions options;
  private final Configuration conf;
  private StructType readSchema;
  private int limit = -1;
  private boolean countOnly;

  FastqScanBuilder(FastqReadOptions options, Configuration conf, StructType schema) {
    this.options = options;
    this.conf = conf;
    this.readSchema = schema;
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    readSchema = requiredSchema;
  }

  @Override
  public boolean pushLimit(int limit) {
    this.limit = limit;
    return true;
  }

  @Override
  public boolean pushAggregation(Aggregation aggregation) {
    if (aggregation.groupByExpressions().length != 0 || aggregation.aggregateExpressions().length != 1) {
      return false;
    }
    AggregateFunc function = aggregation.aggregateExpressions()[0];
    if (function instanceof CountStar) {
      countOnly = true;
    } else if (function instanceof Count count && !count.isDistinct()
        && count.column() instanceof NamedReference column && isNonNullable(column.fieldNames())) {
      countOnly = true;
    }
    return countOnly;
  }

  private boolean isNonNullable(String[] fieldNames) {
    if (fieldNames.length != 1) {
      return false;
    }
    for (StructField field : FastqSchemas.sparkSchema(options.columns()).fields()) {
      if (field.name().equalsIgnoreCase(fieldNames[0])) {
        return !field.nullable();
      }
    }
    return false;
  }

  @Override
  public boolean supportCompletePushDown(Aggregation aggregation) {
    return true;
  }

  @Override
  public Scan build() {
    if (countOnly) {
      return new FastqCountScan(options, conf);
    }
    return new FastqScan(options, conf, readSchema, limit);
  }
}
