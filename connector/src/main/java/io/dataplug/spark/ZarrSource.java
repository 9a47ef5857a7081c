package io.dataplug.spark;

/** {@code spark.read.format("dataplug-zarr")}: a Zarr v2 store, one row per cell, partitions of whole chunks. */
public final class ZarrSource extends SparkSource {
  @Override
  public String shortName() {
    return "dataplug-zarr";
  }
}
