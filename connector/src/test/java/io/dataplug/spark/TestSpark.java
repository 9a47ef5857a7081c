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

  /** What {@code action} made Spark run: each job's description and its task count, "DESCRIPTION / N tasks". */
  static java.util.List<String> jobsDuring(ThrowingRunnable action) throws Exception {
    SparkSession spark = session();
    java.util.List<String> jobs = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart job) {
        String description = job.properties().getProperty("spark.job.description");
        int tasks = scala.collection.JavaConverters.seqAsJavaList(job.stageInfos()).stream()
            .mapToInt(s -> s.numTasks()).sum();
        jobs.add(description + " / " + tasks + " tasks");
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      action.run();
      // Listener events arrive in order on Spark's bus thread: once a last job is seen, every earlier one was.
      String marker = "jobsDuring: last job " + System.nanoTime();
      spark.sparkContext().setJobDescription(marker);
      spark.range(1).javaRDD().count();
      spark.sparkContext().setJobDescription(null);
      long deadline = System.currentTimeMillis() + 10_000;
      while (jobs.stream().noneMatch(j -> j.startsWith(marker)) && System.currentTimeMillis() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    return jobs.stream().filter(j -> !j.startsWith("jobsDuring: last job")).toList();
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** Whether this JVM's session runs a job now (false before it started). */
  static synchronized boolean running() {
    return session != null && session.sparkContext().statusTracker().getActiveJobIds().length > 0;
  }
}
