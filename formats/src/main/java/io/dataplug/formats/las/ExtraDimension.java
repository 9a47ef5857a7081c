package io.dataplug.formats.las;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One dimension described by the extra-bytes VLR (user "LASF_Spec", record 4; R15 section 2.5.6): 192 bytes per
 * descriptor, data types 1 to 10 (u8, i8, u16, i16, u32, i32, u64, i64, f32, f64); options bit 3 and 4 say whether
 * scale and offset apply, which makes the value a double. The deprecated tuple types 11-20 (two of a base type) and
 * 21-30 (three) become one column per element, {@code NAME_0}, {@code NAME_1}, {@code NAME_2}, each with its own
 * scale and offset. Type 0 (undocumented bytes) takes space but no column.
 */
public record ExtraDimension(String name, int dataType, int byteOffset, int size, boolean scaled, double scale,
    double offset) implements Serializable {

  static final int DESCRIPTOR_BYTES = 192;
  private static final int[] TYPE_SIZES = {0, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8};

  /** Descriptors in record order; {@code firstOffset} is where extra bytes start in a point record. */
  static List<ExtraDimension> parse(String uri, byte[] vlr, int firstOffset, int recordLength) throws LasFormatException {
    List<ExtraDimension> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(vlr).order(ByteOrder.LITTLE_ENDIAN);
    int at = firstOffset;
    for (int d = 0; d + DESCRIPTOR_BYTES <= vlr.length; d += DESCRIPTOR_BYTES) {
      int type = b.get(d + 2) & 0xFF;
      int options = b.get(d + 3) & 0xFF;
      String name = new String(vlr, d + 4, 32, StandardCharsets.US_ASCII);
      int nul = name.indexOf('\0');
      name = (nul >= 0 ? name.substring(0, nul) : name).trim();
      int size;
      int elements = type == 0 ? 0 : type <= 10 ? 1 : type <= 20 ? 2 : type <= 30 ? 3 : -1;
      int baseType = type == 0 ? 0 : type - 10 * (Math.max(elements, 1) - 1);
      if (elements < 0) {
        throw new LasFormatException("Extra-bytes dimension '" + name + "' in " + uri + " has unknown data type "
            + type + " (known: 0 to 30)");
      }
      if (type == 0) {
        size = options; // undocumented bytes: the options field holds their count
      } else {
        size = TYPE_SIZES[baseType] * elements;
      }
      if (at + size > recordLength) {
        throw new LasFormatException("Extra-bytes dimension '" + name + "' in " + uri + " ends at byte " + (at + size)
            + " of a " + recordLength + "-byte point record");
      }
      boolean hasScale = (options & 0x08) != 0;
      boolean hasOffset = (options & 0x10) != 0;
      for (int e = 0; e < elements && !name.isEmpty(); e++) {
        double scale = hasScale ? b.getDouble(d + 112 + 8 * e) : 1.0;
        double offset = hasOffset ? b.getDouble(d + 136 + 8 * e) : 0.0;
        int elementSize = TYPE_SIZES[baseType];
        out.add(new ExtraDimension(elements == 1 ? name : name + "_" + e, baseType, at + e * elementSize, elementSize,
            hasScale || hasOffset, scale, offset));
      }
      at += size;
    }
    return out;
  }
}
