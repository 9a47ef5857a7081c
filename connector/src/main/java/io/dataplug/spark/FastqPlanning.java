package io.dataplug.spark;

import io.dataplug.formats.fastq.FastqDatasetPlanner;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.storage.HadoopBlobStore;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the engine-neutral planner from the Spark read options. */
final class FastqPlanning {
  private static final Logger LOG = LoggerFactory.getLogger(FastqPlanning.class);

  private FastqPlanning() {}

  static FastqDatasetPlanner planner(FastqReadOptions o, Configuration conf, long limit, SidecarIndexes.Mode mode) {
    FastqDatasetPlanner.Options options = new FastqDatasetPlanner.Options(o.paths, o.pathGlobFilter,
        o.recursiveFileLookup, o.splitSize, o.openCost, o.partitions, mode, o.indexLocation, o.checkpointSpan,
        o.checkpointSpanGiven, o.includeOrdinal, o.ignoreCorruptFiles, limit);
    return new FastqDatasetPlanner(new HadoopBlobStore(conf), options, progressLog());
  }

  /** Index builds log their progress every 64 MiB of output. */
  static IndexBuilder.Progress progressLog() {
    return (done, total, out) -> {
      if (total > 0 && LOG.isInfoEnabled()) {
        LOG.info(String.format("indexing: %.1f%% of %d compressed bytes, %d MiB decoded", 100.0 * done / total,
            total, out >> 20));
      }
    };
  }
}
