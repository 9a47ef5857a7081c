package io.dataplug.spark;

/** {@code spark.read.format("dataplug-las")}: LAS and LAZ point clouds, told apart by content. */
public final class LasSource extends SparkSource {
  @Override
  public String shortName() {
    return "dataplug-las";
  }
}
