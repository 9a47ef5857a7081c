package io.dataplug.formats.las;

import java.io.Serializable;

/**
 * One column of a point record: its PDAL name, the type it is read as, and how to decode it from the record bytes.
 *
 * @param byteOffset where the field starts in the record
 * @param shift for bit fields, the first bit; for flags, the bit; for coordinates, the axis (0 X, 1 Y, 2 Z)
 * @param width for bit fields, the number of bits
 */
public record LasDimension(String name, LasValueType type, Decoding decoding, int byteOffset, int shift, int width,
    double scale, double offset) implements Serializable {

  /** How the bytes become the value. */
  public enum Decoding {
    /** int32 times the header's scale plus offset. */
    COORDINATE,
    U8, I8, U16, I16, U32, I32, U64, I64, F32, F64,
    BITS, FLAG,
    /** Formats 0-5: a signed byte of whole degrees. */
    SCAN_ANGLE_RANK,
    /** Formats 6-10: int16 in units of 0.006 degrees (R15 table 15). */
    SCAN_ANGLE_SCALED,
    /** An extra-bytes value with scale and offset: (raw * scale) + offset. */
    SCALED
  }

  static LasDimension of(String name, LasValueType type, Decoding decoding, int byteOffset) {
    return new LasDimension(name, type, decoding, byteOffset, 0, 0, 1, 0);
  }

  static LasDimension bits(String name, int byteOffset, int shift, int width) {
    return new LasDimension(name, LasValueType.SHORT, Decoding.BITS, byteOffset, shift, width, 1, 0);
  }

  static LasDimension flag(String name, int byteOffset, int bit) {
    return new LasDimension(name, LasValueType.BOOLEAN, Decoding.FLAG, byteOffset, bit, 1, 1, 0);
  }

  static LasDimension coordinate(String name, int axis, double scale, double offset) {
    return new LasDimension(name, LasValueType.DOUBLE, Decoding.COORDINATE, axis * 4, axis, 0, scale, offset);
  }
}
