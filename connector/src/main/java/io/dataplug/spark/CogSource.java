package io.dataplug.spark;

/** {@code spark.read.format("dataplug-cog")}: Cloud-Optimized GeoTIFFs and tiled GeoTIFFs, one row per tile. */
public final class CogSource extends SparkSource {
  @Override
  public String shortName() {
    return "dataplug-cog";
  }
}
