package io.dataplug.spark;

/**
 * {@code spark.read.format("dataplug-copc")}: Cloud-Optimized Point Clouds split by octree nodes, read from the
 * hierarchy lazily; {@code maxDepth} keeps the coarse levels only, and X/Y/Z filters skip nodes and whole pages.
 */
public class CopcSource extends LasSource {

  @Override
  public String shortName() {
    return "dataplug-copc";
  }

  @Override
  boolean copc() {
    return true;
  }
}
