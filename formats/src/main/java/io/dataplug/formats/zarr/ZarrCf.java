package io.dataplug.formats.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CF conventions xarray applies when it opens a store (its defaults mask_and_scale and decode_times): values equal
 * to {@code _FillValue} or {@code missing_value} are missing (CF 1.11 section 2.5.1; for Zarr v2 xarray keeps
 * {@code _FillValue} as the {@code .zarray} fill_value, so that counts too), {@code scale_factor} and
 * {@code add_offset} unpack values (section 8.1), and {@code units} of the form "UNIT since DATE" with a standard
 * calendar make times (section 4.4). Applied to numeric arrays only.
 *
 * @param missing the values that mean missing
 * @param scale scale_factor, or 1
 * @param offset add_offset, or 0
 * @param scales whether scale_factor or add_offset is present (the column is then a double)
 * @param unitMicros for times, microseconds per unit; 0 when the array holds no times
 * @param epochMicros for times, the reference date in microseconds since 1970 (UTC)
 * @param missesNaN whether NaN is among the missing values
 */
record ZarrCf(double[] missing, double scale, double offset, boolean scales, long unitMicros, long epochMicros,
    boolean missesNaN) implements Serializable {

  ZarrCf(double[] missing, double scale, double offset, boolean scales, long unitMicros, long epochMicros) {
    this(missing, scale, offset, scales, unitMicros, epochMicros,
        java.util.Arrays.stream(missing).anyMatch(Double::isNaN));
  }

  private static final Pattern SINCE = Pattern.compile("\\s*(\\w+)\\s+since\\s+(\\d{1,4})-(\\d{1,2})-(\\d{1,2})"
      + "(?:[ T](\\d{1,2}):(\\d{1,2})(?::(\\d{1,2})(\\.\\d+)?)?)?\\s*(Z|UTC|[+-]\\d{1,2}(?::?\\d{2})?)?\\s*");

  /** The CF decoding of an array, or null when none applies (not numeric, or no attribute that asks for one). */
  static ZarrCf of(ZarrDtype dtype, JsonNode fillValue, JsonNode zattrs) {
    if ("iuf".indexOf(dtype.kind()) < 0) {
      return null;
    }
    List<Double> missing = new ArrayList<>();
    addNumbers(missing, fillValue);
    JsonNode attrs = zattrs == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : zattrs;
    addNumbers(missing, attrs.path("_FillValue"));
    addNumbers(missing, attrs.path("missing_value"));
    boolean scales = attrs.path("scale_factor").isNumber() || attrs.path("add_offset").isNumber();
    double scale = attrs.path("scale_factor").isNumber() ? attrs.path("scale_factor").asDouble() : 1;
    double offset = attrs.path("add_offset").isNumber() ? attrs.path("add_offset").asDouble() : 0;
    long unitMicros = 0;
    long epochMicros = 0;
    String calendar = attrs.path("calendar").asText("standard").toLowerCase(Locale.ROOT);
    Matcher m = SINCE.matcher(attrs.path("units").asText(""));
    if (m.matches() && (calendar.equals("standard") || calendar.equals("gregorian")
        || calendar.equals("proleptic_gregorian"))) {
      unitMicros = unitMicros(m.group(1).toLowerCase(Locale.ROOT));
      if (unitMicros > 0) {
        epochMicros = epochMicros(m);
      }
    }
    if (missing.isEmpty() && !scales && unitMicros == 0) {
      return null;
    }
    return new ZarrCf(missing.stream().mapToDouble(Double::doubleValue).toArray(), scale, offset, scales, unitMicros,
        epochMicros);
  }

  private static void addNumbers(List<Double> out, JsonNode node) {
    if (node.isNumber()) {
      out.add(node.asDouble());
    } else if (node.isTextual()) {
      switch (node.asText()) {
        case "NaN" -> out.add(Double.NaN);
        case "Infinity" -> out.add(Double.POSITIVE_INFINITY);
        case "-Infinity" -> out.add(Double.NEGATIVE_INFINITY);
        default -> { }
      }
    } else if (node.isArray()) {
      node.forEach(n -> addNumbers(out, n));
    }
  }

  private static long unitMicros(String unit) {
    return switch (unit) {
      case "days", "day", "d" -> 86_400_000_000L;
      case "hours", "hour", "hrs", "hr", "h" -> 3_600_000_000L;
      case "minutes", "minute", "mins", "min" -> 60_000_000L;
      case "seconds", "second", "secs", "sec", "s" -> 1_000_000L;
      case "milliseconds", "millisecond", "msecs", "msec", "ms" -> 1_000L;
      case "microseconds", "microsecond", "usecs", "usec", "us" -> 1L;
      default -> 0;
    };
  }

  private static long epochMicros(Matcher m) {
    LocalDate date = LocalDate.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
        Integer.parseInt(m.group(4)));
    LocalDateTime time = date.atStartOfDay();
    if (m.group(5) != null) {
      time = time.plusHours(Integer.parseInt(m.group(5))).plusMinutes(Integer.parseInt(m.group(6)));
      if (m.group(7) != null) {
        time = time.plusSeconds(Integer.parseInt(m.group(7)));
      }
      if (m.group(8) != null) {
        time = time.plusNanos(Math.round(Double.parseDouble("0" + m.group(8)) * 1e9));
      }
    }
    long micros = time.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + time.getNano() / 1000;
    String zone = m.group(9);
    if (zone != null && !zone.equals("Z") && !zone.equals("UTC")) {
      String digits = zone.substring(1).replace(":", "");
      int hours = Integer.parseInt(digits.length() > 2 ? digits.substring(0, digits.length() - 2) : digits);
      int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(digits.length() - 2)) : 0;
      long shift = (hours * 60L + minutes) * 60_000_000L;
      micros += zone.startsWith("-") ? shift : -shift;
    }
    return micros;
  }

  boolean times() {
    return unitMicros > 0;
  }

  /** Whether element {@code raw} (as a double, or exactly as a long for integers) is one of the missing values. */
  boolean isMissing(double raw) {
    if (raw != raw) {
      return missesNaN;
    }
    for (double m : missing) {
      if (m == raw) {
        return true;
      }
    }
    return false;
  }

  /** A time in microseconds since 1970 from a raw value (unpacked first when scaled). */
  long micros(double unpacked) {
    return epochMicros + Math.round(unpacked * unitMicros);
  }
}
