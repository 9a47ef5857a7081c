package io.dataplug.spark;

import org.apache.spark.sql.SparkSession;

/** The one local SparkSession of this test JVM (a SparkContext per JVM), shared by every test class. */
public final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("dataplug-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.adaptive.enabled", "false")
          .config("spark.sql.warehouse.dir", java.nio.file.Path.of("target/spark-warehouse").toAbsolutePath().toString())
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }

  /** Whether this JVM's session runs a job now (false before it started). */
  static synchronized boolean running() {
    return session != null && session.sparkContext().statusTracker().getActiveJobIds().length > 0;
  }
}
