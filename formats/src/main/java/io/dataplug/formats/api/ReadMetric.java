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
  LIBDEFLATE_SPANS("dataplugLibdeflateSpans", "gzip spans inflated whole by libdeflate or ISA-L"),
  POINTS_DECODED("dataplugPointsDecoded", "points decoded"),
  POINTS_PLANNED("dataplugPointsPlanned", "points planned to decode (tiles: a block once per tile group reading it)"),
  POINTS_IN_PLANNED_BLOCKS("dataplugPointsInPlannedBlocks", "points in the planned blocks, each block once"),
  /** Thousandths: 1000 when no block is decoded twice. */
  DECODE_AMPLIFICATION("dataplugDecodeAmplification",
      "decode amplification planned (points decoded per point in the blocks read)", true),
  RUNS_READ("dataplugRunsRead", "blocks, chunks or nodes read"),
  RUNS_PLANNED("dataplugRunsPlanned", "blocks, chunks or nodes planned"),
  RUNS_TOTAL("dataplugRunsTotal", "blocks, chunks or nodes seen by planning"),
  BYTES_PLANNED("dataplugBytesPlanned", "bytes planned"),
  BYTES_TOTAL("dataplugBytesTotal", "bytes seen by planning"),
  MALFORMED_SKIPPED("dataplugMalformedSkipped", "malformed records skipped (lenient or silent validation)");

  private final String key;
  private final String description;
  private final boolean thousandths;

  ReadMetric(String key, String description) {
    this(key, description, false);
  }

  ReadMetric(String key, String description, boolean thousandths) {
    this.key = key;
    this.description = description;
    this.thousandths = thousandths;
  }

  /** Whether values are a ratio in thousandths (shown as a decimal), not a count. */
  public boolean thousandths() {
    return thousandths;
  }

  /** The metric's name in the engine (Spark's SQL metric name). */
  public String key() {
    return key;
  }

  public String description() {
    return description;
  }
}
