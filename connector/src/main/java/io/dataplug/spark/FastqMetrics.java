package io.dataplug.spark;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/** Custom SQL metrics of a scan, shown in the Spark UI and in the executed plan. */
final class FastqMetrics {
  static final String RECORDS = "dataplugRecords";
  static final String DATA_BYTES = "dataplugDataBytesRead";
  static final String REQUESTS = "dataplugRangedRequests";
  static final String INDEX_BYTES = "dataplugIndexBytesRead";
  static final String CHECKPOINTS = "dataplugCheckpointsUsed";

  private FastqMetrics() {}

  static CustomMetric[] all() {
    return new CustomMetric[] {new Records(), new DataBytes(), new Requests(), new IndexBytes(), new Checkpoints()};
  }

  static CustomTaskMetric task(String name, long value) {
    return new CustomTaskMetric() {
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

  public static final class Records extends CustomSumMetric {
    @Override
    public String name() {
      return RECORDS;
    }

    @Override
    public String description() {
      return "records read";
    }
  }

  public static final class DataBytes extends CustomSumMetric {
    @Override
    public String name() {
      return DATA_BYTES;
    }

    @Override
    public String description() {
      return "data bytes fetched";
    }
  }

  public static final class Requests extends CustomSumMetric {
    @Override
    public String name() {
      return REQUESTS;
    }

    @Override
    public String description() {
      return "ranged read requests";
    }
  }

  public static final class IndexBytes extends CustomSumMetric {
    @Override
    public String name() {
      return INDEX_BYTES;
    }

    @Override
    public String description() {
      return "index bytes fetched by tasks";
    }
  }

  public static final class Checkpoints extends CustomSumMetric {
    @Override
    public String name() {
      return CHECKPOINTS;
    }

    @Override
    public String description() {
      return "checkpoints resumed";
    }
  }
}
