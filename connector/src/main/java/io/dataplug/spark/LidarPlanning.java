package io.dataplug.spark;

import io.dataplug.formats.las.LidarDatasetPlanner;
import io.dataplug.formats.storage.HadoopBlobStore;
import org.apache.hadoop.conf.Configuration;

/** Builds the engine-neutral LiDAR planner from the Spark read options. */
final class LidarPlanning {
  private LidarPlanning() {}

  static LidarDatasetPlanner planner(LidarReadOptions o, Configuration conf) {
    return new LidarDatasetPlanner(new HadoopBlobStore(conf), new LidarDatasetPlanner.Options(o.paths,
        o.pathGlobFilter, o.recursiveFileLookup, o.splitSize, o.openCost, o.partitions, o.indexMode, o.indexLocation,
        o.blockPoints, o.blockPointsGiven, o.tileSize, o.copc, o.maxDepth, o.ignoreCorruptFiles));
  }
}
