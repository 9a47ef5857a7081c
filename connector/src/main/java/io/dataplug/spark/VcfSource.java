package io.dataplug.spark;

/** {@code spark.read.format("dataplug-vcf")}: VCF 4.0 to 4.4, plain, gzip or BGZF (told apart by content). */
public final class VcfSource extends SparkSource {
  @Override
  public String shortName() {
    return "dataplug-vcf";
  }
}
