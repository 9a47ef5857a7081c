package io.dataplug.formats.las;

import java.io.Serializable;

/**
 * A run of consecutive points that can be read on its own: a LAZ chunk, or a fixed-size block of LAS records. The
 * index keeps, per block, its exact bounds and a coarse occupancy grid, so planning can prune blocks for a bounding
 * box and find the blocks of each spatial tile without reading any point.
 *
 * @param crc CRC32 of the block's bytes in the file, checked by the task that reads it
 * @param bounds {minX, minY, minZ, maxX, maxY, maxZ} of its points (empty blocks: +inf/-inf)
 * @param occupancy bit (row * grid + column) set when a point falls in that cell of the index's grid
 */
public record PointBlock(long firstPoint, int pointCount, long offset, long length, int crc, double[] bounds,
    byte[] occupancy) implements Serializable {

  public boolean occupied(int cell) {
    return (occupancy[cell >>> 3] & (1 << (cell & 7))) != 0;
  }
}
