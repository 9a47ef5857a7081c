package io.dataplug.spark;

/** {@code spark.read.format("dataplug-copc")}: Cloud-Optimized Point Clouds split by octree nodes. */
public final class CopcSource extends SparkSource {
  @Override
  public String shortName() {
    return "dataplug-copc";
  }
}
