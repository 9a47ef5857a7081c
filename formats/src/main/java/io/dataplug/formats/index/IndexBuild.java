package io.dataplug.formats.index;

/**
 * How a missing index of a gzip file is built. In parallel chunks the work is about twice a sequential pass of the
 * pure-Java decoder (the chunks are decoded once without their windows, then again with them), spread over the
 * workers: against that pass it pays from three workers on. Where ISA-L decodes the sequential pass (about four times
 * less work than the chunks: 5.0 s against 18.7 s of chunk work on one thread for a 1 GiB FASTQ.gz, README
 * "Benchmarks"), from five.
 */
public enum IndexBuild {
  /**
   * In parallel chunks when the engine has at least {@link #AUTO_MIN_WORKERS} workers ({@link #AUTO_MIN_WORKERS_ISAL}
   * where ISA-L decodes the sequential pass), else sequentially.
   */
  AUTO,
  /** In parallel chunks whenever there are two workers or more. */
  PARALLEL,
  /** One sequential pass where the index is needed (the driver, for a read of one file). */
  SEQUENTIAL;

  /** Workers from which {@link #AUTO} builds in parallel chunks. */
  public static final int AUTO_MIN_WORKERS = 3;
  /** The same where the sequential pass decodes with ISA-L. */
  public static final int AUTO_MIN_WORKERS_ISAL = 5;

  /**
   * The fewest workers with which a build goes parallel; {@link Integer#MAX_VALUE} for never.
   *
   * @param isalSequential whether the sequential pass would decode with ISA-L ({@link
   *     io.dataplug.formats.gzip.InflateEngines#indexing})
   */
  public int minWorkers(boolean isalSequential) {
    return switch (this) {
      case AUTO -> isalSequential ? AUTO_MIN_WORKERS_ISAL : AUTO_MIN_WORKERS;
      case PARALLEL -> 2;
      case SEQUENTIAL -> Integer.MAX_VALUE;
    };
  }
}
