package io.dataplug.spark;

import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.IndexTask;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.storage.HadoopBlobStore;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * Builds missing indexes as Spark tasks, one per file, when several files need one: the cluster indexes them in
 * parallel instead of the driver one after another. Like Spark's own parallel file listing, this runs a small job
 * while the scan is planned; the plan then finds the indexes built.
 */
final class IndexBuildJob {
  private IndexBuildJob() {}

  static void run(FormatDataset dataset, ScanRequest request, boolean forCount, Configuration conf)
      throws IOException {
    IndexTask task = dataset.indexTask();
    if (task == null) {
      return;
    }
    List<String> files = dataset.filesToIndex(request, forCount);
    if (files.isEmpty()) {
      return;
    }
    SparkSession spark = SparkSession.active();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SparkHadoop.SerializableConfiguration> broadcastConf = SparkHadoop.broadcast(conf);
    String description = jsc.getLocalProperty("spark.job.description");
    jsc.setJobDescription("dataplug: build the indexes of " + files.size() + " files");
    try {
      jsc.parallelize(files, files.size())
          .foreach(uri -> task.build(new HadoopBlobStore(broadcastConf.value().get()), uri));
    } finally {
      jsc.setJobDescription(description);
    }
  }
}
