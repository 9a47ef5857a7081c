package io.dataplug.formats.api;

/**
 * The one metrics set of every read. Formats report the ones that apply to them; the engine shows all. Task metrics
 * are summed over tasks; planning metrics come from the driver.
 */
public enum ReadMetric {
  ROWS("dataplugRecords", "records read"),
  SLICES_OPENED("dataplugSlicesOpened", "slices opened"),
  DATA_BYTES("dataplugDataBytesRead", "data bytes fetched"),
  REQUESTS("dataplugRangedRequests", "ranged read requests"),
  INDEX_BYTES("dataplugIndexBytesRead", "index bytes fetched by tasks"),
  CHECKPOINTS("dataplugCheckpointsUsed", "checkpoints resumed"),
  LIBDEFLATE_SPANS("dataplugLibdeflateSpans", "gzip spans inflated whole by libdeflate"),
  POINTS_DECODED("dataplugPointsDecoded", "points decoded"),
  RUNS_READ("dataplugRunsRead", "blocks, chunks or nodes read"),
  RUNS_PLANNED("dataplugRunsPlanned", "blocks, chunks or nodes planned"),
  RUNS_TOTAL("dataplugRunsTotal", "blocks, chunks or nodes seen by planning"),
  BYTES_PLANNED("dataplugBytesPlanned", "bytes planned"),
  BYTES_TOTAL("dataplugBytesTotal", "bytes seen by planning"),
  MALFORMED_SKIPPED("dataplugMalformedSkipped", "malformed records skipped (lenient or silent validation)");

  private final String key;
  private final String description;

  ReadMetric(String key, String description) {
    this.key = key;
    this.description = description;
  }

  /** The metric's name in the engine (Spark's SQL metric name). */
  public String key() {
    return key;
  }

  public String description() {
    return description;
  }
}
