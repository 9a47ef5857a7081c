package io.dataplug.spark;

import io.dataplug.formats.api.ReadMetric;
import java.util.Map;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
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
   * A summed metric. Spark re-creates a metric's class by name (public, no-argument constructor) only to aggregate
   * task values, which needs no name, so one class serves every metric.
   */
  public static final class Sum extends CustomSumMetric {
    private final String name;
    private final String description;

    public Sum() {
      this("", "");
    }

    Sum(String name, String description) {
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
  }

  /** A ratio reported in thousandths by the driver, shown as a decimal (1043 as 1.043); tasks' values are summed. */
  public static final class Thousandths implements CustomMetric {
    private final String name;
    private final String description;

    public Thousandths() {
      this("", "");
    }

    Thousandths(String name, String description) {
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

    @Override
    public String aggregateTaskMetrics(long[] taskMetrics) {
      long sum = 0;
      for (long value : taskMetrics) {
        sum += value;
      }
      return String.format(java.util.Locale.ROOT, "%.3f", sum / 1000.0);
    }
  }
}
