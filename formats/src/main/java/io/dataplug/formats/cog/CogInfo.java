package io.dataplug.formats.cog;

import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobIdentity;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What planning needs of one GeoTIFF, from its header and IFDs: the full-resolution level, its overviews (largest
 * first) each with its mask if the file has one (GDAL: NewSubfileType 4 or 5, a 1-bit image of the same size), the
 * CRS and the nodata value. COGs put all of it in their first kilobytes; other TIFFs cost one read per IFD.
 */
record CogInfo(String uri, BlobIdentity identity, boolean bigEndian, List<RasterLevel> levels, String crs,
    Double nodata)
    implements Serializable {

  static String compressionName(int compression) {
    return switch (compression) {
      case 1 -> "none";
      case 5 -> "LZW";
      case 6 -> "old-style JPEG";
      case 7 -> "JPEG";
      case 8, 32946 -> "DEFLATE";
      case 32773 -> "PackBits";
      case 34887 -> "LERC";
      case 34925 -> "LZMA";
      case 50000 -> "ZSTD";
      case 50001 -> "WebP";
      case 50002, 52546 -> "JPEG-XL";
      default -> "code " + compression;
    };
  }

  static CogInfo read(Blob blob) throws IOException {
    TiffBytes bytes = new TiffBytes(blob);
    String uri = blob.uri();
    ByteBuffer header = bytes.read(0, Math.min(16, blob.length()), "the TIFF header");
    if (header.remaining() < 8) {
      throw new CogFormatException(uri + " is too short for a TIFF header (" + blob.length() + " bytes)");
    }
    byte b0 = header.get(0);
    byte b1 = header.get(1);
    if (b0 == 'I' && b1 == 'I') {
      bytes.order(ByteOrder.LITTLE_ENDIAN);
    } else if (b0 == 'M' && b1 == 'M') {
      bytes.order(ByteOrder.BIG_ENDIAN);
    } else {
      throw new CogFormatException(uri + " is not a TIFF file: it starts with neither II nor MM");
    }
    header = bytes.read(0, Math.min(16, blob.length()), "the TIFF header");
    int version = header.getShort(2) & 0xFFFF;
    boolean bigTiff = version == 43;
    if (version != 42 && !bigTiff) {
      throw new CogFormatException(uri + " is not a TIFF file: version " + version + ", not 42 (TIFF) or 43"
          + " (BigTIFF)");
    }
    long first = bigTiff ? header.getLong(8) : header.getInt(4) & 0xFFFFFFFFL;
    List<Ifd> ifds = new ArrayList<>();
    java.util.Set<Long> seen = new java.util.HashSet<>();
    long next = first;
    while (next != 0) {
      if (!seen.add(next) || ifds.size() >= 1000) {
        throw new CogFormatException(uri + ": the IFD chain loops back to byte " + next
            + " or holds more than 1000 IFDs");
      }
      Ifd ifd = Ifd.read(bytes, ifds.size(), next, bigTiff);
      ifds.add(ifd);
      next = ifd.nextOffset;
    }
    if (ifds.isEmpty()) {
      throw new CogFormatException(uri + " has no image (its first IFD offset is 0)");
    }
    Ifd main = ifds.get(0);
    GeoKeys geo = GeoKeys.read(main, uri);
    double[] transform = geo.geoTransform(main);
    RasterLevel full = level(uri, main, 0, transform, transform, null);
    List<Ifd> images = new ArrayList<>();
    List<Ifd> masks = new ArrayList<>();
    for (Ifd ifd : ifds.subList(1, ifds.size())) {
      long kind = ifd.longValue(TiffTag.NEW_SUBFILE_TYPE, 0);
      if ((kind & 4) != 0) {
        masks.add(ifd);
      } else if ((kind & 1) != 0) {
        images.add(ifd);
      }
    }
    images.sort(Comparator.comparingLong((Ifd i) -> {
      try {
        return -i.longValue(TiffTag.IMAGE_WIDTH, 0);
      } catch (IOException e) {
        return 0;
      }
    }));
    List<RasterLevel> levels = new ArrayList<>();
    levels.add(withMask(uri, full, main, masks, transform));
    for (Ifd overview : images) {
      RasterLevel level = level(uri, overview, levels.size(), transform, null, full);
      levels.add(withMask(uri, level, overview, masks, transform));
    }
    String nodataText = main.ascii(TiffTag.GDAL_NODATA);
    Double nodata = null;
    if (nodataText != null && !nodataText.isBlank()) {
      try {
        nodata = Double.parseDouble(nodataText.trim());
      } catch (NumberFormatException e) {
        String t = nodataText.trim().toLowerCase(java.util.Locale.ROOT);
        nodata = t.equals("nan") ? Double.NaN : t.contains("inf") ? (t.startsWith("-") ? Double.NEGATIVE_INFINITY
            : Double.POSITIVE_INFINITY) : null;
      }
    }
    return new CogInfo(uri, blob.identity(), bytes.order() == ByteOrder.BIG_ENDIAN, List.copyOf(levels),
        geo.crs(), nodata);
  }

  private static RasterLevel withMask(String uri, RasterLevel image, Ifd ifd, List<Ifd> masks, double[] transform)
      throws IOException {
    for (Ifd mask : masks) {
      if (mask.longValue(TiffTag.IMAGE_WIDTH, -1) == image.width()
          && mask.longValue(TiffTag.IMAGE_LENGTH, -1) == image.height()) {
        RasterLevel m = level(uri, mask, image.level(), transform, image.geoTransform(), null);
        return new RasterLevel(image.level(), image.ifd(), image.width(), image.height(), image.tileWidth(),
            image.tileHeight(), image.samples(), image.type(), image.compression(), image.predictor(),
            image.planar(), image.photometric(), image.jpegTables(), image.ycbcrSubsampling(), image.tileOffsets(),
            image.tileByteCounts(), image.geoTransform(), m);
      }
    }
    return image;
  }

  /**
   * Reads one level's IFD. An overview's geotransform scales the full image's by the ratio of their sizes, as GDAL
   * does; a mask takes its image's.
   */
  private static RasterLevel level(String uri, Ifd ifd, int level, double[] fullTransform, double[] own,
      RasterLevel full) throws IOException {
    String where = uri + ": IFD " + ifd.number;
    int width = (int) ifd.longValue(TiffTag.IMAGE_WIDTH, -1);
    int height = (int) ifd.longValue(TiffTag.IMAGE_LENGTH, -1);
    if (width <= 0 || height <= 0) {
      throw new CogFormatException(where + " has no image size");
    }
    if (!ifd.has(TiffTag.TILE_WIDTH) || !ifd.has(TiffTag.TILE_OFFSETS)) {
      throw new CogFormatException(where + " is stored in strips, not tiles: this reader plans partitions from"
          + " tiles (a Cloud-Optimized GeoTIFF, or any tiled GeoTIFF; gdal_translate -co TILED=YES makes one)");
    }
    int tileWidth = (int) ifd.longValue(TiffTag.TILE_WIDTH, 0);
    int tileHeight = (int) ifd.longValue(TiffTag.TILE_LENGTH, 0);
    int samples = (int) ifd.longValue(TiffTag.SAMPLES_PER_PIXEL, 1);
    long[] bits = ifd.longs(TiffTag.BITS_PER_SAMPLE);
    long[] formats = ifd.longs(TiffTag.SAMPLE_FORMAT);
    int bitCount = bits == null ? 1 : (int) bits[0];
    int format = formats == null ? 1 : (int) formats[0];
    if (bits != null) {
      for (long b : bits) {
        if (b != bitCount) {
          throw new CogFormatException(where + " has samples of different sizes (" + java.util.Arrays.toString(bits)
              + " bits)");
        }
      }
    }
    int compression = (int) ifd.longValue(TiffTag.COMPRESSION, 1);
    boolean planar = ifd.longValue(TiffTag.PLANAR_CONFIGURATION, 1) == 2;
    SampleType type = SampleType.of(bitCount, format);
    boolean isMask = own != null && full == null && level >= 0 && bitCount == 1;
    if (type == null && !(bitCount == 1 && samples == 1)) {
      throw new CogFormatException(where + " has " + bitCount + "-bit samples of format " + format + " (1 unsigned,"
          + " 2 signed, 3 float), which this reader does not read");
    }
    long[] offsets = ifd.longs(TiffTag.TILE_OFFSETS);
    long[] counts = ifd.longs(TiffTag.TILE_BYTE_COUNTS);
    int expected = ((width + tileWidth - 1) / tileWidth) * ((height + tileHeight - 1) / tileHeight)
        * (planar ? samples : 1);
    if (offsets == null || counts == null || offsets.length != expected || counts.length != expected) {
      throw new CogFormatException(where + " lists " + (offsets == null ? 0 : offsets.length) + " tile offsets and "
          + (counts == null ? 0 : counts.length) + " byte counts for " + expected + " tiles");
    }
    double[] transform = own;
    if (transform == null) {
      transform = fullTransform.clone();
      double sx = full.width() / (double) width;
      double sy = full.height() / (double) height;
      transform[1] *= sx;
      transform[2] *= sy;
      transform[4] *= sx;
      transform[5] *= sy;
    }
    long[] subsampling = ifd.longs(TiffTag.YCBCR_SUBSAMPLING);
    return new RasterLevel(level, ifd.number, width, height, tileWidth, tileHeight, samples,
        isMask || type == null ? null : type, compression, (int) ifd.longValue(TiffTag.PREDICTOR, 1), planar,
        (int) ifd.longValue(TiffTag.PHOTOMETRIC, 1), ifd.raw(TiffTag.JPEG_TABLES),
        subsampling == null ? null : new int[] {(int) subsampling[0], (int) subsampling[1]}, offsets, counts,
        transform, null);
  }
}
