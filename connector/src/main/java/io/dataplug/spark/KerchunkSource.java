package io.dataplug.spark;

/**
 * {@code spark.read.format("dataplug-kerchunk")}: a Kerchunk reference set (JSON or Parquet) read as the Zarr store
 * it describes; chunks are ranged reads of the files it points into.
 */
public final class KerchunkSource extends SparkSource {
  @Override
  public String shortName() {
    return "dataplug-kerchunk";
  }
}
