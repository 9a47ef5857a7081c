package io.dataplug.formats.zarr;

import java.io.Serializable;
import java.nio.ByteOrder;

/**
 * A Zarr v2 {@code dtype}: a NumPy type string, byte order ({@code <}, {@code >}, {@code |}) then kind and size
 * (Zarr v2 spec, "Data type encoding"): {@code <f8}, {@code |b1}, {@code <M8[ns]}, {@code |S10}, {@code <U5}.
 * Structured types (a list of fields) and complex numbers are not read.
 *
 * @param kind b (bool), i, u, f, M (datetime64), m (timedelta64), S (bytes), U (UTF-32 code points)
 * @param size bytes per element ({@code U5} is 20)
 * @param unit for M and m: the tick, for example ns or D; else null
 */
public record ZarrDtype(String text, boolean bigEndian, char kind, int size, String unit) implements Serializable {

  static ZarrDtype parse(String text, String where) throws ZarrFormatException {
    if (text == null || text.length() < 3) {
      throw unsupported(text, where);
    }
    char order = text.charAt(0);
    if (order != '<' && order != '>' && order != '|' && order != '=') {
      throw unsupported(text, where);
    }
    char kind = text.charAt(1);
    String rest = text.substring(2);
    String unit = null;
    int bracket = rest.indexOf('[');
    if (bracket >= 0) {
      if (!rest.endsWith("]") || (kind != 'M' && kind != 'm')) {
        throw unsupported(text, where);
      }
      unit = rest.substring(bracket + 1, rest.length() - 1);
      rest = rest.substring(0, bracket);
    }
    int count;
    try {
      count = Integer.parseInt(rest);
    } catch (NumberFormatException e) {
      throw unsupported(text, where);
    }
    boolean valid = switch (kind) {
      case 'b' -> count == 1;
      case 'i', 'u' -> count == 1 || count == 2 || count == 4 || count == 8;
      case 'f' -> count == 2 || count == 4 || count == 8;
      case 'M', 'm' -> count == 8 && unit != null && FIXED_UNITS.contains("," + unit + ",");
      case 'S' -> count >= 0;
      case 'U' -> count >= 0 && count <= Integer.MAX_VALUE / 4;
      default -> false;
    };
    if (!valid) {
      throw unsupported(text, where);
    }
    int size = kind == 'U' ? count * 4 : count;
    return new ZarrDtype(text, order == '>', kind, size, unit);
  }

  /** Units of a fixed length; years and months (Y, M) are calendar units and are not read. */
  private static final String FIXED_UNITS = ",W,D,h,m,s,ms,us,ns,ps,fs,as,";

  private static ZarrFormatException unsupported(String text, String where) {
    return new ZarrFormatException(where + ": dtype " + (text == null ? "null" : "'" + text + "'") + " is not"
        + " supported (bool, int8 to int64, uint8 to uint64, float16/32/64, datetime64, timedelta64, fixed-length"
        + " S and U strings; structured and complex types, and datetime64 in years or months, are not)");
  }

  public ByteOrder order() {
    return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
  }

  /** Microseconds per tick of a datetime64/timedelta64 unit, or 0 when a tick is shorter than a microsecond. */
  long microsPerTick() {
    return switch (unit) {
      case "W" -> 7L * 86_400_000_000L;
      case "D" -> 86_400_000_000L;
      case "h" -> 3_600_000_000L;
      case "m" -> 60_000_000L;
      case "s" -> 1_000_000L;
      case "ms" -> 1_000L;
      case "us" -> 1L;
      default -> 0;
    };
  }

  /** Ticks per microsecond for units finer than a microsecond. */
  long ticksPerMicro() {
    return switch (unit) {
      case "ns" -> 1_000L;
      case "ps" -> 1_000_000L;
      case "fs" -> 1_000_000_000L;
      case "as" -> 1_000_000_000_000L;
      default -> 1;
    };
  }

  @Override
  public String toString() {
    return text;
  }
}
