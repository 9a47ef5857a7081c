package io.dataplug.spark;

/** {@code spark.read.format("dataplug-fastq")}: FASTQ, plain, gzip or BGZF (told apart by content). */
public final class FastqSource extends SparkSource {
  @Override
  public String shortName() {
    return "dataplug-fastq";
  }
}
