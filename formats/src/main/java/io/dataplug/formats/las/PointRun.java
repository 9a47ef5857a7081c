package io.dataplug.formats.las;

import java.io.Serializable;

/**
 * Consecutive points a task reads with one ranged read: LAS records, one LAZ chunk, or one COPC node.
 *
 * @param crc CRC32 of the bytes, checked when {@code verify} (runs planned from an index)
 * @param label names the run in errors and plans, like "chunk 3" or "node 2-1-0-3"
 */
public record PointRun(long firstPoint, long pointCount, long offset, long length, int crc, boolean verify,
    String label) implements Serializable {

  @Override
  public String toString() {
    return label + " (" + pointCount + " points, bytes " + offset + "+" + length + ")";
  }
}
