package io.dataplug.spark;

/** {@code spark.read.format("dataplug-fasta")}: FASTA, plain, gzip or BGZF, as pieces of contigs. */
public final class FastaSource extends SparkSource {
  @Override
  public String shortName() {
    return "dataplug-fasta";
  }
}
