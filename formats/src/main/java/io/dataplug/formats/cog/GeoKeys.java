package io.dataplug.formats.cog;

import java.io.IOException;
import java.util.Locale;
import java.util.TreeMap;

/**
 * A GeoTIFF's georeferencing (OGC GeoTIFF 1.1): the GeoKey directory with its double and ASCII parameters, the
 * model tiepoint, pixel scale or transformation, and the raster type (PixelIsArea or PixelIsPoint).
 */
final class GeoKeys {
  static final int MODEL_TYPE = 1024;
  static final int RASTER_TYPE = 1025;
  static final int CITATION = 1026;
  static final int GEODETIC_CRS = 2048;
  static final int GEODETIC_CITATION = 2049;
  static final int PROJECTED_CRS = 3072;
  static final int PROJECTED_CITATION = 3073;
  private static final int USER_DEFINED = 32767;

  private final TreeMap<Integer, Object> keys = new TreeMap<>();

  /** Reads the keys of {@code ifd}; a file without georeferencing has none. */
  static GeoKeys read(Ifd ifd, String uri) throws IOException {
    GeoKeys geo = new GeoKeys();
    long[] directory = ifd.longs(TiffTag.GEO_KEY_DIRECTORY);
    if (directory == null) {
      return geo;
    }
    double[] doubles = ifd.doubles(TiffTag.GEO_DOUBLE_PARAMS);
    String ascii = ifd.ascii(TiffTag.GEO_ASCII_PARAMS);
    if (directory.length < 4) {
      throw new CogFormatException(uri + ": the GeoKey directory of IFD " + ifd.number + " has no header");
    }
    int count = (int) directory[3];
    for (int k = 0; k < count && 4 + 4 * k + 3 < directory.length; k++) {
      int at = 4 + 4 * k;
      int id = (int) directory[at];
      int location = (int) directory[at + 1];
      int n = (int) directory[at + 2];
      int value = (int) directory[at + 3];
      if (location == 0) {
        geo.keys.put(id, (long) value);
      } else if (location == TiffTag.GEO_DOUBLE_PARAMS && doubles != null && value + n <= doubles.length) {
        geo.keys.put(id, n == 1 ? (Object) doubles[value] : java.util.Arrays.copyOfRange(doubles, value, value + n));
      } else if (location == TiffTag.GEO_ASCII_PARAMS && ascii != null && value + n <= ascii.length()) {
        String text = ascii.substring(value, value + n);
        geo.keys.put(id, text.endsWith("|") ? text.substring(0, text.length() - 1) : text);
      }
    }
    return geo;
  }

  private long code(int key) {
    return keys.get(key) instanceof Long v ? v : 0;
  }

  private String text(int key) {
    return keys.get(key) instanceof String s ? s : null;
  }

  /**
   * GDAL's geotransform of the full image: from ModelTransformation, or from the first tiepoint and the pixel
   * scale; PixelIsPoint moves the origin half a pixel up and left, as GDAL does (RFC 33). Without georeferencing,
   * pixel coordinates (GDAL's default: origin 0, 0, one unit per pixel, y down).
   */
  double[] geoTransform(Ifd ifd) throws IOException {
    double[] matrix = ifd.doubles(TiffTag.MODEL_TRANSFORMATION);
    double[] t;
    if (matrix != null && matrix.length >= 16) {
      t = new double[] {matrix[3], matrix[0], matrix[1], matrix[7], matrix[4], matrix[5]};
    } else {
      double[] tie = ifd.doubles(TiffTag.MODEL_TIEPOINT);
      double[] scale = ifd.doubles(TiffTag.MODEL_PIXEL_SCALE);
      if (tie == null || scale == null || tie.length < 6 || scale.length < 2) {
        return new double[] {0, 1, 0, 0, 0, 1};
      }
      t = new double[] {tie[3] - tie[0] * scale[0], scale[0], 0, tie[4] + tie[1] * scale[1], 0, -scale[1]};
    }
    if (code(RASTER_TYPE) == 2) {
      t[0] -= (t[1] + t[2]) / 2;
      t[3] -= (t[4] + t[5]) / 2;
    }
    return t;
  }

  /**
   * The CRS: {@code EPSG:n} when a key gives an EPSG code (projected first, then geodetic), else a WKT built from
   * the user-defined keys ({@link UserDefinedCrs}); null without georeferencing.
   */
  String crs() {
    long projected = code(PROJECTED_CRS);
    if (projected >= 1024 && projected < USER_DEFINED) {
      return "EPSG:" + projected;
    }
    long geodetic = code(GEODETIC_CRS);
    if (projected == 0 && geodetic >= 1024 && geodetic < USER_DEFINED) {
      return "EPSG:" + geodetic;
    }
    if (keys.isEmpty()) {
      return null;
    }
    return UserDefinedCrs.wkt(this);
  }

  Object get(int key) {
    return keys.get(key);
  }

  String citation(int key) {
    return text(key);
  }

  long codeOf(int key) {
    return code(key);
  }

  double number(int key, double defaultValue) {
    Object v = keys.get(key);
    return v instanceof Double d ? d : v instanceof Long l ? l : defaultValue;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    keys.forEach((k, v) -> out.append(out.length() == 0 ? "" : ", ").append(k).append('=').append(
        v instanceof double[] d ? java.util.Arrays.toString(d) : String.valueOf(v)));
    return "GeoKeys{" + out.toString().toLowerCase(Locale.ROOT) + "}";
  }
}
