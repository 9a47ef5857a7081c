package io.dataplug.formats.cog;

import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * A raster's sample type (BitsPerSample with SampleFormat: 1 unsigned, 2 signed, 3 IEEE float) and the column type
 * it is widened to: unsigned integers to the next signed width, so every value fits.
 */
enum SampleType {
  INT8(8, 2, new ArrowType.Int(8, true)),
  UINT8(8, 1, new ArrowType.Int(16, true)),
  INT16(16, 2, new ArrowType.Int(16, true)),
  UINT16(16, 1, new ArrowType.Int(32, true)),
  INT32(32, 2, new ArrowType.Int(32, true)),
  UINT32(32, 1, new ArrowType.Int(64, true)),
  FLOAT32(32, 3, new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
  FLOAT64(64, 3, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));

  final int bits;
  final int format;
  final ArrowType column;

  SampleType(int bits, int format, ArrowType column) {
    this.bits = bits;
    this.format = format;
    this.column = column;
  }

  int bytes() {
    return bits / 8;
  }

  boolean floating() {
    return format == 3;
  }

  static SampleType of(int bits, int format) {
    for (SampleType t : values()) {
      if (t.bits == bits && t.format == format) {
        return t;
      }
    }
    return null;
  }

  /** A sample type whose column holds values of both: either when their columns agree, else double. */
  static SampleType union(SampleType a, SampleType b) {
    return a.column.equals(b.column) ? a : FLOAT64;
  }
}
