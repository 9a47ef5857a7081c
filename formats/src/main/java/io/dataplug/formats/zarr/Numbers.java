package io.dataplug.formats.zarr;

import java.nio.ByteBuffer;

/** Element access by Zarr dtype on a buffer already set to the dtype's byte order. */
final class Numbers {
  private Numbers() {}

  static void requireNumeric(ZarrDtype dtype, String where, String codec) throws ZarrFormatException {
    if ("biuf".indexOf(dtype.kind()) < 0) {
      throw new ZarrFormatException(where + ": codec " + codec + " on dtype " + dtype + " is not supported");
    }
  }

  /** Element {@code i} as a long; unsigned 64-bit values above Long.MAX_VALUE wrap (callers widen them). */
  static long getLong(ByteBuffer b, ZarrDtype t, int i) {
    int at = i * t.size();
    return switch (t.kind()) {
      case 'u' -> switch (t.size()) {
        case 1 -> b.get(at) & 0xffL;
        case 2 -> b.getShort(at) & 0xffffL;
        case 4 -> b.getInt(at) & 0xffffffffL;
        default -> b.getLong(at);
      };
      case 'f' -> (long) getDouble(b, t, i);
      default -> switch (t.size()) {
        case 1 -> b.get(at);
        case 2 -> b.getShort(at);
        case 4 -> b.getInt(at);
        default -> b.getLong(at);
      };
    };
  }

  static double getDouble(ByteBuffer b, ZarrDtype t, int i) {
    int at = i * t.size();
    if (t.kind() == 'f') {
      return switch (t.size()) {
        case 2 -> halfToFloat(b.getShort(at));
        case 4 -> b.getFloat(at);
        default -> b.getDouble(at);
      };
    }
    if (t.kind() == 'u' && t.size() == 8) {
      long v = b.getLong(at);
      return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
    }
    return getLong(b, t, i);
  }

  static void putLong(ByteBuffer b, ZarrDtype t, int i, long v) {
    int at = i * t.size();
    switch (t.size()) {
      case 1 -> b.put(at, (byte) v);
      case 2 -> b.putShort(at, (short) v);
      case 4 -> b.putInt(at, (int) v);
      default -> b.putLong(at, v);
    }
  }

  static void putDouble(ByteBuffer b, ZarrDtype t, int i, double v) {
    int at = i * t.size();
    switch (t.size()) {
      case 2 -> b.putShort(at, floatToHalf((float) v));
      case 4 -> b.putFloat(at, (float) v);
      default -> b.putDouble(at, v);
    }
  }

  /** The value as the dtype holds it (float32 and float16 sums round at every step, as NumPy's do). */
  static double roundToFloat(ZarrDtype t, double v) {
    return switch (t.size()) {
      case 2 -> halfToFloat(floatToHalf((float) v));
      case 4 -> (float) v;
      default -> v;
    };
  }

  /** IEEE 754 binary16 to float (Float.float16ToFloat arrives in Java 20). */
  static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
    }
    if (exponent == 0) {
      float value = mantissa * 0x1p-24f;
      return sign == 0 ? value : -value;
    }
    return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
  }

  /** float to binary16, rounding to nearest even. */
  static short floatToHalf(float f) {
    int bits = Float.floatToIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int value = bits & 0x7fffffff;
    if (value >= 0x7f800000) {
      return (short) (sign | 0x7c00 | (value > 0x7f800000 ? 0x200 : 0));
    }
    if (value >= 0x477ff000) {
      return (short) (sign | 0x7c00);
    }
    if (value < 0x38800000) {
      float magnitude = Float.intBitsToFloat(value);
      int sub = Math.round(magnitude * 0x1p24f);
      return (short) (sign | sub);
    }
    int rounded = value + 0xfff + ((value >>> 13) & 1);
    return (short) (sign | ((rounded - 0x38000000) >>> 13));
  }
}
