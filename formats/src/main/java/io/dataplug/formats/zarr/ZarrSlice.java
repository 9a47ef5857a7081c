package io.dataplug.formats.zarr;

import io.dataplug.formats.api.Slice;
import java.util.List;

/**
 * What one task reads of a store: some whole chunks of the data arrays' shared chunk grid (numbered in C order),
 * with the arrays' metadata and their coordinate arrays (null for a dimension without one), and the rows they give
 * (cells, or chunks in layout chunks), and where those chunks are. In layout cells, {@code keep} says per dimension
 * which cells the filters on its coordinates may pass (null: all); the others are not emitted.
 */
record ZarrSlice(String root, List<ZarrArray> data, List<ZarrArray> coordinates, long[] chunkNumbers, long rows,
    long bytes, ChunkSource chunks, java.util.BitSet[] keep) implements Slice {

  /**
   * The cells of the chunk at {@code origin} (global index of its first cell) and {@code extent} that {@code keep}
   * keeps: the product over dimensions of the kept indexes along each (all of them where keep is null).
   */
  static long keptCells(java.util.BitSet[] keep, long[] origin, int[] extent) {
    long kept = 1;
    for (int d = 0; d < extent.length; d++) {
      kept *= keep[d] == null ? extent[d] : keep[d].get((int) origin[d], (int) origin[d] + extent[d]).cardinality();
    }
    return kept;
  }

  @Override
  public String dataUri() {
    return root;
  }

  @Override
  public String toString() {
    return root + ": " + chunkNumbers.length + " chunk" + (chunkNumbers.length == 1 ? "" : "s") + " from "
        + chunkNumbers[0] + " of " + data.get(0).name() + ", " + rows + " rows";
  }
}
