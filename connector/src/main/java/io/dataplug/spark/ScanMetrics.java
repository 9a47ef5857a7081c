package io.dataplug.spark;

import io.dataplug.formats.api.ReadMetric;
import java.util.Map;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/** The one metrics set of every scan ({@link ReadMetric}), shown in the Spark UI and in the executed plan. */
final class ScanMetrics {
  private ScanMetrics() {}

  static CustomMetric[] all() {
    ReadMetric[] metrics = ReadMetric.values();
    CustomMetric[] out = new CustomMetric[metrics.length];
    for (int i = 0; i < metrics.length; i++) {
      out[i] = metrics[i].thousandths() ? new Thousandths(metrics[i].key(), metrics[i].description())
          : new Sum(metrics[i].key(), metrics[i].description());
    }
    return out;
  }

  static CustomTaskMetric[] values(Map<ReadMetric, Long> values) {
    CustomTaskMetric[] out = new CustomTaskMetric[values.size()];
    int i = 0;
    for (Map.Entry<ReadMetric, Long> e : values.entrySet()) {
      String name = e.getKey().key();
      long value = e.getValue();
      out[i++] = new CustomTaskMetric() {
        @Override
        public String name() {
          return name;
        }

        @Override
        public long value() {
          return value;
        }
      };
    }
    return out;
  }

  /**
   * A metric by name. Spark re-creates a metric's class by name (public, no-argument constructor) only to aggregate
   * task values, which needs no name, so one class serves every metric of a kind.
   */
  abstract static class Named implements CustomMetric {
    private final String name;
    private final String description;

    Named(String name, String description) {
      this.name = name;
      this.description = description;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String description() {
      return description;
    }

    static long sum(long[] taskMetrics) {
      long sum = 0;
      for (long value : taskMetrics) {
        sum += value;
      }
      return sum;
    }
  }

  /** A count summed over tasks. */
  public static final class Sum extends Named {
    public Sum() {
      this("", "");
    }

    Sum(String name, String description) {
      super(name, description);
    }

    @Override
    public String aggregateTaskMetrics(long[] taskMetrics) {
      return String.valueOf(sum(taskMetrics));
    }
  }

  /** A ratio reported in thousandths by the driver, shown as a decimal (1043 as 1.043). */
  public static final class Thousandths extends Named {
    public Thousandths() {
      this("", "");
    }

    Thousandths(String name, String description) {
      super(name, description);
    }

    @Override
    public String aggregateTaskMetrics(long[] taskMetrics) {
      return String.format(java.util.Locale.ROOT, "%.3f", sum(taskMetrics) / 1000.0);
    }
  }
}
