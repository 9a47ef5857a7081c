package io.dataplug.spark;

import io.dataplug.formats.api.TaskRunner;
import io.dataplug.formats.storage.HadoopBlobStore;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a format's own tasks (chunks of a gzip file to index) as a Spark job while a scan is planned, like
 * {@link IndexBuildJob}: one Spark task per format task, with the scan's Hadoop settings.
 */
final class SparkTaskRunner implements TaskRunner {
  private final Configuration conf;

  SparkTaskRunner(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public int parallelism() {
    return SparkSession.active().sparkContext().defaultParallelism();
  }

  @Override
  public <T extends Serializable> List<T> runAll(String description, List<? extends StoreTask<T>> tasks)
      throws IOException {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkSession.active().sparkContext());
    Broadcast<SparkHadoop.SerializableConfiguration> broadcastConf = SparkHadoop.broadcast(conf);
    String previous = jsc.getLocalProperty("spark.job.description");
    jsc.setJobDescription(description);
    try {
      List<StoreTask<T>> list = List.copyOf(tasks);
      return jsc.parallelize(list, Math.max(1, list.size()))
          .map(task -> task.run(new HadoopBlobStore(broadcastConf.value().get())))
          .collect();
    } catch (Exception e) {
      // Spark rethrows a task's failure as a SparkException (checked, though Scala does not declare it) whose
      // cause is the task's own exception: the format's message names the file and the offset.
      if (!(e instanceof SparkException)) {
        throw e;
      }
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        if (cause instanceof IOException io) {
          throw io;
        }
      }
      throw new IOException(description + " failed: " + e.getMessage(), e);
    } finally {
      jsc.setJobDescription(previous);
      broadcastConf.destroy();
    }
  }
}
