package io.dataplug.spark;

/** {@code spark.read.format("dataplug-fastqgz")}: the name users know for gzip FASTQ; same reader as dataplug-fastq. */
public final class FastqGzSource extends SparkSource {
  @Override
  public String shortName() {
    return "dataplug-fastqgz";
  }
}
