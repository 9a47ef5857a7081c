package io.dataplug.spark;

/** {@code spark.read.format("dataplug-imzml")}: mass-spectrometry imaging, {@code .imzML} with its {@code .ibd}. */
public final class ImzmlSource extends SparkSource {
  @Override
  public String shortName() {
    return "dataplug-imzml";
  }
}
