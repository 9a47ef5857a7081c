package io.dataplug.formats.cog;

import io.dataplug.formats.api.Slice;
import io.dataplug.formats.storage.BlobIdentity;
import java.util.Arrays;

/**
 * What one task reads of one GeoTIFF: some whole tiles of one level, with their byte ranges (each plane's, and the
 * mask tile's when the level has a mask), and what each row repeats (CRS, nodata, bands kept).
 *
 * @param bigEndian the file's byte order (MM)
 * @param level the level without its tile tables (they stay on the driver)
 * @param tiles tile numbers (row-major) of the level
 * @param offsets per tile, each plane's offset (then the mask tile's, if any)
 * @param counts the byte counts beside {@code offsets}
 * @param bands 0-based bands kept, in output order
 */
record CogSlice(String uri, BlobIdentity identity, boolean bigEndian, RasterLevel level, int[] tiles, long[][] offsets,
    long[][] counts, int[] bands, String crs, Double nodata) implements Slice {

  @Override
  public String dataUri() {
    return uri;
  }

  @Override
  public long bytes() {
    long bytes = 0;
    for (long[] c : counts) {
      for (long n : c) {
        bytes += n;
      }
    }
    return bytes;
  }

  @Override
  public long rows() {
    return tiles.length;
  }

  @Override
  public String toString() {
    return uri + " level " + level.level() + ": " + tiles.length + " tiles"
        + (tiles.length <= 4 ? " " + Arrays.toString(tiles) : " from " + tiles[0]) + ", " + bytes() + " bytes";
  }
}
