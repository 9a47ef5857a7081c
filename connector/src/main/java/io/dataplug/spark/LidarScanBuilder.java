package io.dataplug.spark;

import io.dataplug.formats.las.LasFileInfo;
import io.dataplug.formats.las.LidarColumn;
import io.dataplug.formats.las.PointFilter;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.expressions.aggregate.Aggregation;
import org.apache.spark.sql.connector.expressions.aggregate.CountStar;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownAggregates;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.types.StructType;

/**
 * Pushes down the columns a query needs, comparisons on X, Y and Z (which prune blocks, chunks, nodes and tiles
 * through the index; readers then keep exactly the matching points, and Spark still checks every filter), and
 * {@code count(*)} without filters, answered from the headers.
 */
final class LidarScanBuilder
    implements ScanBuilder, SupportsPushDownRequiredColumns, SupportsPushDownFilters, SupportsPushDownAggregates {
  private final LidarReadOptions options;
  private final Configuration conf;
  private final List<LidarColumn> columns;
  private final List<LasFileInfo> headers;
  private StructType readSchema;
  private PointFilter filter;
  private Filter[] pushed = new Filter[0];
  private boolean countOnly;

  LidarScanBuilder(LidarReadOptions options, Configuration conf, List<LidarColumn> columns, List<LasFileInfo> headers) {
    this.options = options;
    this.conf = conf;
    this.columns = columns;
    this.headers = headers;
    this.readSchema = LidarSchemas.sparkSchema(columns);
  }

  @Override
  public void pruneColumns(StructType requiredSchema) {
    readSchema = requiredSchema;
  }

  @Override
  public Filter[] pushFilters(Filter[] filters) {
    PointFilter box = new PointFilter();
    List<Filter> used = new ArrayList<>();
    for (Filter f : filters) {
      if (narrow(box, f)) {
        used.add(f);
      }
    }
    if (!used.isEmpty()) {
      filter = box;
      pushed = used.toArray(new Filter[0]);
    }
    // Spark evaluates every filter again after the scan: pruning is an optimisation, never a change of result.
    return filters;
  }

  /** Narrows the box by a conjunct on X, Y or Z; false when it is not one the index can use. */
  private static boolean narrow(PointFilter box, Filter f) {
    if (f instanceof And and) {
      boolean left = narrow(box, and.left());
      boolean right = narrow(box, and.right());
      return left || right;
    }
    String attribute;
    Object value;
    if (f instanceof GreaterThan g) {
      attribute = g.attribute();
      value = g.value();
    } else if (f instanceof GreaterThanOrEqual g) {
      attribute = g.attribute();
      value = g.value();
    } else if (f instanceof LessThan l) {
      attribute = l.attribute();
      value = l.value();
    } else if (f instanceof LessThanOrEqual l) {
      attribute = l.attribute();
      value = l.value();
    } else if (f instanceof EqualTo e) {
      attribute = e.attribute();
      value = e.value();
    } else {
      return false;
    }
    int axis = PointFilter.axisOf(attribute);
    if (axis < 0 || !(value instanceof Number number)) {
      return false;
    }
    double v = number.doubleValue();
    if (f instanceof GreaterThan) {
      box.atLeast(axis, v, true);
    } else if (f instanceof GreaterThanOrEqual) {
      box.atLeast(axis, v, false);
    } else if (f instanceof LessThan) {
      box.atMost(axis, v, true);
    } else if (f instanceof LessThanOrEqual) {
      box.atMost(axis, v, false);
    } else {
      box.atLeast(axis, v, false).atMost(axis, v, false);
    }
    return true;
  }

  @Override
  public Filter[] pushedFilters() {
    return pushed.clone();
  }

  @Override
  public boolean pushAggregation(Aggregation aggregation) {
    // The headers count every point: not the answer when a filter or a COPC depth limit drops some.
    countOnly = filter == null && options.maxDepth < 0 && aggregation.groupByExpressions().length == 0
        && aggregation.aggregateExpressions().length == 1 && aggregation.aggregateExpressions()[0] instanceof CountStar;
    return countOnly;
  }

  @Override
  public boolean supportCompletePushDown(Aggregation aggregation) {
    return true;
  }

  @Override
  public Scan build() {
    if (countOnly) {
      return new LidarCountScan(options, headers);
    }
    return new LidarScan(options, conf, LidarSchemas.select(columns, readSchema), readSchema, filter, headers);
  }
}
