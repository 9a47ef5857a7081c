package io.dataplug.formats.cog;

import java.io.Serializable;

/**
 * One resolution level of a raster (the full-resolution image, level 0, or an overview): its tiling, how tiles are
 * encoded, where each tile is, its georeferencing, and its mask level when the file has one.
 *
 * @param ifd the IFD number, for messages
 * @param geoTransform GDAL's six coefficients for this level: x = t0 + col*t1 + row*t2, y = t3 + col*t4 + row*t5
 */
record RasterLevel(int level, int ifd, int width, int height, int tileWidth, int tileHeight, int samples,
    SampleType type, int compression, int predictor, boolean planar, int photometric, byte[] jpegTables,
    int[] ycbcrSubsampling, long[] tileOffsets, long[] tileByteCounts, double[] geoTransform, RasterLevel mask)
    implements Serializable {

  int tilesAcross() {
    return (width + tileWidth - 1) / tileWidth;
  }

  int tilesDown() {
    return (height + tileHeight - 1) / tileHeight;
  }

  int tileCount() {
    return tilesAcross() * tilesDown();
  }

  /** Bytes of tile {@code t} in the file: every plane's block when planar. */
  long tileBytes(int t) {
    long bytes = 0;
    for (int p = 0; p < (planar ? samples : 1); p++) {
      bytes += tileByteCounts[p * tileCount() + t];
    }
    return bytes;
  }

  /** This level as slices carry it: without the tile tables (and its mask's), which stay on the driver. */
  RasterLevel withoutTables() {
    return new RasterLevel(level, ifd, width, height, tileWidth, tileHeight, samples, type, compression, predictor,
        planar, photometric, jpegTables, ycbcrSubsampling, null, null, geoTransform,
        mask == null ? null : mask.withoutTables());
  }

  /** Ground distance per pixel along x, the resolution users choose levels by. */
  double resolution() {
    return Math.hypot(geoTransform[1], geoTransform[4]);
  }
}
