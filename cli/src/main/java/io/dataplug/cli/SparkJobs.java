package io.dataplug.cli;

import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;

/** Runs a command's work in a SparkSession (local unless {@code --master}) and reads with the detected format. */
final class SparkJobs {
  private SparkJobs() {}

  @FunctionalInterface
  interface Job {
    void run(SparkSession spark) throws Exception;
  }

  static void withSpark(CliArgs args, Job job) throws Exception {
    args.requirePaths();
    String master = args.tool.getOrDefault("master", "local[*]");
    SparkSession.Builder builder = SparkSession.builder().appName("dataplug " + args.command).master(master)
        .config("spark.ui.showConsoleProgress", "false");
    if (master.startsWith("local")) {
      builder.config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    for (Map.Entry<String, String> e : args.conf.entrySet()) {
      builder.config(e.getKey(), e.getValue());
    }
    SparkSession spark = builder.getOrCreate();
    try {
      job.run(spark);
    } finally {
      spark.stop();
    }
  }

  static DataFrameReader reader(SparkSession spark, CliRead read) {
    return spark.read().format(read.shortName()).options(read.readOptions);
  }
}
