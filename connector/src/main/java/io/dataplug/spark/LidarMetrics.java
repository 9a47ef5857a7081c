package io.dataplug.spark;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;

/**
 * Custom SQL metrics of a LiDAR scan: the shared data-bytes and ranged-request counters, the points decoded (before
 * the filter and tile keep theirs), the runs (LAS blocks, LAZ chunks, COPC nodes) read, and, from the driver, how
 * many runs and bytes the plan kept out of all it saw.
 */
final class LidarMetrics {
  static final String POINTS_DECODED = "dataplugPointsDecoded";
  static final String RUNS_READ = "dataplugRunsRead";
  static final String RUNS_PLANNED = "dataplugRunsPlanned";
  static final String RUNS_TOTAL = "dataplugRunsTotal";
  static final String BYTES_PLANNED = "dataplugBytesPlanned";
  static final String BYTES_TOTAL = "dataplugBytesTotal";

  private LidarMetrics() {}

  static CustomMetric[] all() {
    return new CustomMetric[] {new FastqMetrics.DataBytes(), new FastqMetrics.Requests(), new PointsDecoded(),
        new RunsRead(), new RunsPlanned(), new RunsTotal(), new BytesPlanned(), new BytesTotal()};
  }

  public static final class PointsDecoded extends Sum {
    public PointsDecoded() {
      super(POINTS_DECODED, "points decoded");
    }
  }

  public static final class RunsRead extends Sum {
    public RunsRead() {
      super(RUNS_READ, "blocks, chunks or nodes read");
    }
  }

  public static final class RunsPlanned extends Sum {
    public RunsPlanned() {
      super(RUNS_PLANNED, "blocks, chunks or nodes planned");
    }
  }

  public static final class RunsTotal extends Sum {
    public RunsTotal() {
      super(RUNS_TOTAL, "blocks, chunks or nodes seen by planning");
    }
  }

  public static final class BytesPlanned extends Sum {
    public BytesPlanned() {
      super(BYTES_PLANNED, "point bytes planned");
    }
  }

  public static final class BytesTotal extends Sum {
    public BytesTotal() {
      super(BYTES_TOTAL, "point bytes seen by planning");
    }
  }

  /** A summed metric. Spark re-creates metric classes by name, so each one above has a public no-arg constructor. */
  public abstract static class Sum extends CustomSumMetric {
    private final String name;
    private final String description;

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
}
