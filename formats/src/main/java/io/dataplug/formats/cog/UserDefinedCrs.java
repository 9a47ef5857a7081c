package io.dataplug.formats.cog;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A WKT 1 text for a CRS that the GeoKeys define themselves (code 32767, user-defined), as GDAL writes it: names
 * from the citations (ESRI's "GCS Name = ...|Datum = ...|" form included), the ellipsoid, prime meridian and units
 * from their keys, and the projection's parameters for the coordinate transformations of OGC GeoTIFF 1.1 table
 * "ProjCoordTransGeoKey" that this reader names. Anything it cannot name is rendered as {@code GEOTIFF_KEYS[...]},
 * which keeps every key and value.
 */
final class UserDefinedCrs {
  private static final int GEODETIC_DATUM = 2050;
  private static final int PRIME_MERIDIAN = 2051;
  private static final int ANGULAR_UNITS = 2054;
  private static final int ELLIPSOID = 2056;
  private static final int SEMI_MAJOR = 2057;
  private static final int SEMI_MINOR = 2058;
  private static final int INV_FLATTENING = 2059;
  private static final int PRIME_MERIDIAN_LONG = 2061;
  private static final int COORD_TRANS = 3075;
  private static final int LINEAR_UNITS = 3076;

  /** ProjCoordTransGeoKey codes and WKT 1 names, with their parameters' keys and WKT names in order. */
  private static final Map<Integer, String> PROJECTIONS = Map.of(
      1, "Transverse_Mercator", 7, "Mercator_1SP", 8, "Lambert_Conformal_Conic_2SP", 9,
      "Lambert_Conformal_Conic_1SP", 11, "Albers_Conic_Equal_Area", 15, "Polar_Stereographic", 17,
      "Equirectangular");
  private static final Map<Integer, String> PARAMETERS = parameters();

  private UserDefinedCrs() {}

  private static Map<Integer, String> parameters() {
    Map<Integer, String> p = new LinkedHashMap<>();
    p.put(3078, "standard_parallel_1");
    p.put(3079, "standard_parallel_2");
    p.put(3081, "latitude_of_origin");
    p.put(3085, "latitude_of_origin");
    p.put(3089, "latitude_of_origin");
    p.put(3080, "central_meridian");
    p.put(3084, "central_meridian");
    p.put(3088, "central_meridian");
    p.put(3092, "scale_factor");
    p.put(3093, "scale_factor");
    p.put(3082, "false_easting");
    p.put(3086, "false_easting");
    p.put(3083, "false_northing");
    p.put(3087, "false_northing");
    return p;
  }

  static String wkt(GeoKeys keys) {
    long model = keys.codeOf(GeoKeys.MODEL_TYPE);
    String geogcs = geogcs(keys);
    if (model == 2) {
      return geogcs;
    }
    String projection = PROJECTIONS.get((int) keys.codeOf(COORD_TRANS));
    if (model != 1 || projection == null || geogcs == null) {
      return "GEOTIFF_KEYS[" + keys + "]";
    }
    StringBuilder out = new StringBuilder("PROJCS[\"").append(name(keys.citation(GeoKeys.PROJECTED_CITATION),
        keys.citation(GeoKeys.CITATION), "unnamed")).append("\",").append(geogcs)
        .append(",PROJECTION[\"").append(projection).append("\"]");
    java.util.Set<String> written = new java.util.HashSet<>();
    PARAMETERS.forEach((key, name) -> {
      if (keys.get(key) != null && written.add(name)) {
        out.append(",PARAMETER[\"").append(name).append("\",").append(number(keys.number(key, 0))).append(']');
      }
    });
    long unit = keys.codeOf(LINEAR_UNITS);
    out.append(unit == 9002 ? ",UNIT[\"foot\",0.3048]" : unit == 9003 ? ",UNIT[\"US survey foot\",0.304800609601219]"
        : ",UNIT[\"metre\",1]");
    return out.append(']').toString();
  }

  private static String geogcs(GeoKeys keys) {
    double a = keys.number(SEMI_MAJOR, Double.NaN);
    if (Double.isNaN(a) || keys.codeOf(GEODETIC_DATUM) != 32767 && keys.codeOf(GEODETIC_DATUM) != 0
        || keys.codeOf(ELLIPSOID) != 32767 && keys.codeOf(ELLIPSOID) != 0) {
      return null;
    }
    double inverseFlattening = keys.number(INV_FLATTENING, Double.NaN);
    if (Double.isNaN(inverseFlattening)) {
      double b = keys.number(SEMI_MINOR, a);
      inverseFlattening = a == b ? 0 : a / (a - b);
    }
    Map<String, String> citation = esriCitation(keys.citation(GeoKeys.GEODETIC_CITATION));
    long angular = keys.codeOf(ANGULAR_UNITS);
    String unit = angular == 9101 ? "UNIT[\"radian\",1]" : "UNIT[\"degree\",0.0174532925199433]";
    return "GEOGCS[\"" + name(citation.get("gcs name"), keys.citation(GeoKeys.GEODETIC_CITATION), "unnamed")
        + "\",DATUM[\"" + name(citation.get("datum"), null, "unnamed") + "\",SPHEROID[\""
        + name(citation.get("ellipsoid"), null, "unnamed") + "\"," + number(a) + "," + number(inverseFlattening)
        + "]],PRIMEM[\"" + name(citation.get("primem"), null, "Greenwich") + "\","
        + number(keys.number(PRIME_MERIDIAN_LONG, 0)) + "]," + unit + "]";
  }

  /** ESRI writes {@code GCS Name = X|Datum = Y|Ellipsoid = Z|Primem = W|}; other citations are plain names. */
  private static Map<String, String> esriCitation(String citation) {
    Map<String, String> out = new LinkedHashMap<>();
    if (citation != null && citation.contains("=")) {
      for (String part : citation.split("\\|")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          out.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
        }
      }
    }
    return out;
  }

  private static String name(String first, String second, String fallback) {
    String n = first != null && !first.isBlank() ? first : second != null && !second.isBlank()
        && !second.contains("=") ? second : fallback;
    return n.replace("\"", "'");
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
