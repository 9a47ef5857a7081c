package io.dataplug.spark;

import io.dataplug.formats.fastq.FastqDatasetPlanner;
import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.HadoopBlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds missing indexes as Spark tasks, one per file, when several files need one: the cluster indexes them in
 * parallel instead of the driver one after another (a single file's build is sequential anyway, so it stays on the
 * driver). Like Spark's own parallel file listing, this runs a small job while the scan is planned.
 */
final class FastqIndexJob {
  private static final Logger LOG = LoggerFactory.getLogger(FastqIndexJob.class);

  private FastqIndexJob() {}

  /**
   * Builds what the read needs and returns the planner to plan it with. After a build job, the planner uses the new
   * indexes (auto mode) rather than building them again.
   */
  static FastqDatasetPlanner prepare(FastqReadOptions options, Configuration conf, long limit, boolean forceIndex) {
    FastqDatasetPlanner planner = FastqPlanning.planner(options, conf, limit, options.indexMode);
    List<String> files;
    try {
      // One file is indexed on the driver while planning: do not probe it (and its index) twice.
      if (planner.listFiles().size() < 2) {
        return planner;
      }
      files = planner.filesToIndex(forceIndex);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    if (files.size() < 2) {
      return planner;
    }
    SparkSession spark = SparkSession.active();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SparkHadoop.SerializableConfiguration> broadcastConf =
        jsc.broadcast(new SparkHadoop.SerializableConfiguration(conf));
    String description = jsc.getLocalProperty("spark.job.description");
    jsc.setJobDescription("dataplug: build the indexes of " + files.size() + " files");
    try {
      jsc.parallelize(files, files.size()).foreach(uri -> buildOne(uri, options, broadcastConf.value().get()));
    } finally {
      jsc.setJobDescription(description);
    }
    return FastqPlanning.planner(options, conf, limit, SidecarIndexes.Mode.AUTO);
  }

  private static void buildOne(String uri, FastqReadOptions options, Configuration conf) throws IOException {
    FastqDatasetPlanner planner = FastqPlanning.planner(options, conf, -1, options.indexMode);
    try (Blob blob = new HadoopBlobStore(conf).open(uri)) {
      planner.indexes().loadOrBuild(blob);
    } catch (IOException e) {
      if (!options.ignoreCorruptFiles || e instanceof java.io.FileNotFoundException) {
        throw e;
      }
      LOG.warn("Could not index {} (ignoreCorruptFiles=true; the scan will skip it): {}", uri, e.getMessage());
    }
  }
}
