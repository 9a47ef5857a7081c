package io.dataplug.formats.index;

/**
 * How a missing index of a gzip file is built. In parallel chunks the work is about twice a sequential pass (the
 * chunks are decoded once without their windows, then again with them), spread over the workers: it pays from three
 * workers on, and scales with them where one pass runs at one core's speed.
 */
public enum IndexBuild {
  /** In parallel chunks when the engine has at least {@link #AUTO_MIN_WORKERS} workers, else sequentially. */
  AUTO,
  /** In parallel chunks whenever there are two workers or more. */
  PARALLEL,
  /** One sequential pass where the index is needed (the driver, for a read of one file). */
  SEQUENTIAL;

  /** Workers from which {@link #AUTO} builds in parallel chunks. */
  public static final int AUTO_MIN_WORKERS = 3;

  /** The fewest workers with which a build goes parallel; {@link Integer#MAX_VALUE} for never. */
  public int minWorkers() {
    return switch (this) {
      case AUTO -> AUTO_MIN_WORKERS;
      case PARALLEL -> 2;
      case SEQUENTIAL -> Integer.MAX_VALUE;
    };
  }
}
