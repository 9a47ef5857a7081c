package io.dataplug.formats.zarr;

import io.dataplug.formats.api.ArrowBatchWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.DurationVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * How a Zarr dtype becomes a column: signed integers and floats as they are, unsigned integers widened (uint64 to
 * decimal(20,0)), float16 to float, datetime64 to a timestamp without time zone and timedelta64 to a duration (both
 * in microseconds, Spark's precision; NaT is null), S and U strings to text without their padding NULs.
 */
final class ZarrColumn {
  private ZarrColumn() {}

  /** The column of an array as its CF decoding leaves it: times, doubles when scaled, else the stored type. */
  static Field field(String name, ZarrArray array) {
    ZarrCf cf = array.cf();
    if (cf != null && cf.times()) {
      return new Field(name, FieldType.nullable(new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)), null);
    }
    if (cf != null && cf.scales()) {
      return new Field(name, FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)), null);
    }
    return field(name, array.dtype());
  }

  /** Writes element {@code element} of {@code src}, CF-decoded as {@link #field(String, ZarrArray)} types it. */
  static void set(FieldVector v, ZarrArray array, ByteBuffer src, int element, int row) {
    ZarrCf cf = array.cf();
    ZarrDtype t = array.dtype();
    if (cf == null) {
      set(v, t, src, element, row);
      return;
    }
    double raw = Numbers.getDouble(src, t, element);
    if (cf.isMissing(raw)) {
      v.setNull(row);
      return;
    }
    double unpacked = cf.scales() ? raw * cf.scale() + cf.offset() : raw;
    if (cf.times()) {
      ((TimeStampMicroVector) v).setSafe(row, cf.micros(unpacked));
    } else if (cf.scales()) {
      ((Float8Vector) v).setSafe(row, unpacked);
    } else {
      set(v, t, src, element, row);
    }
  }

  /**
   * Element {@code element} as a double on the scale its column compares at: CF-decoded (NaN where null), times in
   * microseconds, datetime64 in microseconds; strings and booleans are not compared (NaN).
   */
  static double comparable(ZarrArray array, ByteBuffer src, int element) {
    ZarrDtype t = array.dtype();
    ZarrCf cf = array.cf();
    if (t.kind() == 'M' || t.kind() == 'm') {
      long ticks = src.getLong(element * 8);
      return ticks == Long.MIN_VALUE ? Double.NaN
          : t.microsPerTick() > 0 ? (double) ticks * t.microsPerTick() : Math.floorDiv(ticks, t.ticksPerMicro());
    }
    if ("iuf".indexOf(t.kind()) < 0) {
      return Double.NaN;
    }
    double raw = Numbers.getDouble(src, t, element);
    if (cf == null) {
      return raw;
    }
    if (cf.isMissing(raw)) {
      return Double.NaN;
    }
    double unpacked = cf.scales() ? raw * cf.scale() + cf.offset() : raw;
    return cf.times() ? cf.micros(unpacked) : unpacked;
  }

  static Field field(String name, ZarrDtype t) {
    ArrowType type = switch (t.kind()) {
      case 'b' -> ArrowType.Bool.INSTANCE;
      case 'i' -> new ArrowType.Int(t.size() * 8, true);
      case 'u' -> t.size() == 8 ? new ArrowType.Decimal(20, 0, 128) : new ArrowType.Int(t.size() * 16, true);
      case 'f' -> new ArrowType.FloatingPoint(t.size() == 8 ? FloatingPointPrecision.DOUBLE
          : FloatingPointPrecision.SINGLE);
      case 'M' -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      case 'm' -> new ArrowType.Duration(TimeUnit.MICROSECOND);
      default -> ArrowType.Utf8.INSTANCE;
    };
    return new Field(name, FieldType.nullable(type), null);
  }

  static Field index(String name) {
    return new Field(name, FieldType.notNullable(new ArrowType.Int(64, true)), null);
  }

  /** Writes element {@code element} of {@code src} (in the dtype's order) at {@code row}. */
  static void set(FieldVector v, ZarrDtype t, ByteBuffer src, int element, int row) {
    int at = element * t.size();
    switch (t.kind()) {
      case 'b' -> ((BitVector) v).setSafe(row, src.get(at) != 0 ? 1 : 0);
      case 'i' -> {
        switch (t.size()) {
          case 1 -> ((TinyIntVector) v).setSafe(row, src.get(at));
          case 2 -> ((SmallIntVector) v).setSafe(row, src.getShort(at));
          case 4 -> ((IntVector) v).setSafe(row, src.getInt(at));
          default -> ((BigIntVector) v).setSafe(row, src.getLong(at));
        }
      }
      case 'u' -> {
        switch (t.size()) {
          case 1 -> ((SmallIntVector) v).setSafe(row, (short) (src.get(at) & 0xff));
          case 2 -> ((IntVector) v).setSafe(row, src.getShort(at) & 0xffff);
          case 4 -> ((BigIntVector) v).setSafe(row, src.getInt(at) & 0xffffffffL);
          default -> ((DecimalVector) v).setSafe(row,
              new BigDecimal(new BigInteger(Long.toUnsignedString(src.getLong(at)))));
        }
      }
      case 'f' -> {
        if (t.size() == 8) {
          ((Float8Vector) v).setSafe(row, src.getDouble(at));
        } else {
          ((Float4Vector) v).setSafe(row, t.size() == 4 ? src.getFloat(at) : Numbers.halfToFloat(src.getShort(at)));
        }
      }
      case 'M', 'm' -> {
        long ticks = src.getLong(at);
        if (ticks == Long.MIN_VALUE) {
          v.setNull(row);
        } else {
          long micros = t.microsPerTick() > 0 ? ticks * t.microsPerTick() : Math.floorDiv(ticks, t.ticksPerMicro());
          if (t.kind() == 'M') {
            ((TimeStampMicroVector) v).setSafe(row, micros);
          } else {
            ((DurationVector) v).setSafe(row, micros);
          }
        }
      }
      case 'S' -> {
        int end = at + t.size();
        while (end > at && src.get(end - 1) == 0) {
          end--;
        }
        ((VarCharVector) v).setSafe(row, src.array(), src.arrayOffset() + at, end - at);
      }
      default -> {
        int count = t.size() / 4;
        StringBuilder text = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
          int cp = src.getInt(at + 4 * i);
          if (cp == 0) {
            break;
          }
          text.appendCodePoint(cp);
        }
        ((VarCharVector) v).setSafe(row, text.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * Whether a chunk's decoded bytes are already its column's values, element after element: little-endian signed
   * integers or float32/64, CF decoding at most masking values (no scaling, no times).
   */
  static boolean storedAsColumn(ZarrArray array) {
    ZarrDtype t = array.dtype();
    ZarrCf cf = array.cf();
    return (cf == null || !cf.scales() && !cf.times()) && !t.bigEndian()
        && (t.kind() == 'i' || t.kind() == 'f' && t.size() >= 4);
  }

  /**
   * Writes {@code count} consecutive elements of {@code src} from {@code from} at rows {@code dest...}: one copy into
   * the column's data buffer where the bytes are its values ({@link #storedAsColumn}), all valid but the ones CF
   * decoding masks (fill value, missing_value); else element by element.
   */
  static void copyRun(FieldVector v, ZarrArray array, ByteBuffer src, int from, int dest, int count) {
    if (!storedAsColumn(array)) {
      for (int i = 0; i < count; i++) {
        set(v, array, src, from + i, dest + i);
      }
      return;
    }
    BaseFixedWidthVector values = (BaseFixedWidthVector) v;
    int size = array.dtype().size();
    while (values.getValueCapacity() < dest + count) {
      values.reAlloc();
    }
    values.getDataBuffer().setBytes((long) dest * size, src.array(), src.arrayOffset() + from * size,
        (long) count * size);
    ArrowBuf validity = values.getValidityBuffer();
    ArrowBatchWriter.setValid(validity, dest, count);
    ZarrCf cf = array.cf();
    if (cf != null && cf.missing().length > 0) {
      mask(validity, dest, src, from, count, array.dtype(), cf);
    }
  }

  /**
   * Clears the validity of the values CF decoding masks among {@code count} values of {@code src} from element
   * {@code from}, written at {@code dest}; NaN alone (xarray's usual fill) by a typed compare.
   */
  private static void mask(ArrowBuf validity, int dest, ByteBuffer src, int from, int count, ZarrDtype t,
      ZarrCf cf) {
    boolean nanOnly = cf.missing().length == 1 && cf.missesNaN();
    if (nanOnly && t.kind() == 'f' && t.size() == 4) {
      for (int i = 0; i < count; i++) {
        float x = src.getFloat((from + i) << 2);
        if (x != x) {
          BitVectorHelper.unsetBit(validity, dest + i);
        }
      }
      return;
    }
    if (nanOnly && t.kind() == 'f') {
      for (int i = 0; i < count; i++) {
        double x = src.getDouble((from + i) << 3);
        if (x != x) {
          BitVectorHelper.unsetBit(validity, dest + i);
        }
      }
      return;
    }
    for (int i = 0; i < count; i++) {
      if (cf.isMissing(Numbers.getDouble(src, t, from + i))) {
        BitVectorHelper.unsetBit(validity, dest + i);
      }
    }
  }
}
