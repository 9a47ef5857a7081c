package io.dataplug.bench;

import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark sessions the cases measure in: {@code local[n]} for n cores, and {@code local-cluster} whose executor
 * is a separate JVM (for its memory). One session at a time; a case that needs another master replaces it.
 */
final class Sparks {
  private final String java17Flags;
  private final String connectorJar;
  private SparkSession session;
  private String master;

  Sparks(String java17Flags, String connectorJar) {
    this.java17Flags = java17Flags;
    this.connectorJar = connectorJar;
  }

  SparkSession local(int cores) {
    return start("local[" + cores + "]", Map.of());
  }

  /** One worker with one executor JVM of {@code cores} cores and 1 GiB of heap, started from SPARK_HOME's jars. */
  SparkSession localCluster(int cores) {
    if (System.getenv("SPARK_HOME") == null) {
      throw new IllegalStateException("local-cluster needs SPARK_HOME (bin/bench sets it to benchmarks/target/spark-home)");
    }
    return start("local-cluster[1," + cores + ",1536]", Map.of(
        "spark.jars", connectorJar,
        "spark.executor.memory", "1g",
        "spark.executor.extraJavaOptions", java17Flags,
        "spark.executor.processTreeMetrics.enabled", "true",
        "spark.executor.metrics.pollingInterval", "100ms",
        "spark.executor.heartbeatInterval", "1s"));
  }

  private SparkSession start(String wanted, Map<String, String> conf) {
    if (session != null && wanted.equals(master)) {
      return session;
    }
    stop();
    SparkSession.Builder builder = SparkSession.builder().master(wanted).appName("dataplug-bench " + wanted)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4");
    conf.forEach(builder::config);
    session = builder.getOrCreate();
    session.sparkContext().setLogLevel("WARN");
    master = wanted;
    return session;
  }

  void stop() {
    if (session != null) {
      session.stop();
      session = null;
      master = null;
    }
  }

  static String uri(Path file) {
    return file.toUri().toString();
  }
}
