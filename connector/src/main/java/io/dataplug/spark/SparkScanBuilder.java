package io.dataplug.spark;

import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Predicate;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.aggregate.AggregateFunc;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.Count;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Pushes down what the format can use: the columns a query needs, comparisons the format prunes with (Spark still
 * checks every filter, so pruning never changes a result), a limit, and {@code count(*)} where the format answers it
 * without reading data.
 */
final class SparkScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns, SupportsPushDownFilters,
    SupportsPushDownLimit, SupportsPushDownAggregates {
  private final FormatDataset dataset;
  private final ReadOptions options;
  private final Configuration conf;
  private final StructType schema;
  private StructType readSchema;
  private final List<Predicate> predicates = new ArrayList<>();
  private Filter[] pushed = new Filter[0];
  private long limit = -1;
  private boolean countOnly;

  SparkScanBuilder(FormatDataset dataset, ReadOptions options, Configuration conf, StructType schema) {
    this.dataset = dataset;
    this.options = options;
    this.conf = conf;
    this.schema = schema;
    this.readSchema = schema;
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    // Whole top-level columns only: Spark may ask for some fields of a struct (nested schema pruning), but the
    // readers fill every field of a column they read, so the read schema keeps the column's full type.
    List<StructField> kept = new ArrayList<>();
    for (StructField field : requiredSchema.fields()) {
      kept.add(schema.apply(field.name()));
    }
    readSchema = new StructType(kept.toArray(new StructField[0]));
  }

  @Override
  public Filter[] pushFilters(Filter[] filters) {
    List<Filter> used = new ArrayList<>();
    for (Filter f : filters) {
      if (collect(f)) {
        used.add(f);
      }
    }
    pushed = used.toArray(new Filter[0]);
    // Spark evaluates every filter again after the scan.
    return filters;
  }

  /** Adds the comparisons of a conjunction the format can use; true when it used any. */
  private boolean collect(Filter f) {
    if (f instanceof And and) {
      boolean left = collect(and.left());
      boolean right = collect(and.right());
      return left || right;
    }
    Predicate p = null;
    if (f instanceof GreaterThan g) {
      p = new Predicate(g.attribute(), Predicate.Op.GT, g.value());
    } else if (f instanceof GreaterThanOrEqual g) {
      p = new Predicate(g.attribute(), Predicate.Op.GE, g.value());
    } else if (f instanceof LessThan l) {
      p = new Predicate(l.attribute(), Predicate.Op.LT, l.value());
    } else if (f instanceof LessThanOrEqual l) {
      p = new Predicate(l.attribute(), Predicate.Op.LE, l.value());
    } else if (f instanceof EqualTo e) {
      p = new Predicate(e.attribute(), Predicate.Op.EQ, e.value());
    }
    if (p != null && dataset.usesPredicate(p)) {
      predicates.add(p);
      return true;
    }
    return false;
  }

  @Override
  public Filter[] pushedFilters() {
    return pushed.clone();
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
    boolean countsRows = function instanceof CountStar
        || (function instanceof Count count && !count.isDistinct()
            && count.column() instanceof NamedReference column && isNonNullable(column.fieldNames()));
    countOnly = countsRows && dataset.canCount(request());
    return countOnly;
  }

  private boolean isNonNullable(String[] fieldNames) {
    if (fieldNames.length != 1) {
      return false;
    }
    for (StructField field : schema.fields()) {
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

  private ScanRequest request() {
    List<String> columns = new ArrayList<>();
    for (StructField field : readSchema.fields()) {
      columns.add(field.name());
    }
    return new ScanRequest(columns, predicates, limit);
  }

  @Override
  public Scan build() {
    if (countOnly) {
      return new SparkCountScan(dataset, request(), conf);
    }
    return new SparkScan(dataset, options, request(), conf, readSchema);
  }
}
