package io.dataplug.formats.las;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The public header block of a LAS file (LAS 1.0 to 1.4, ASPRS R15 section 2.4). Field offsets are the spec's;
 * the traps: the header is 227, 235 or 375 bytes long; 1.4 keeps the point count as a u64 at offset 247 (the legacy
 * u32 at 107 is 0 for point formats 6 to 10); the bounds are stored max before min.
 */
public record LasHeader(
    int versionMajor,
    int versionMinor,
    int headerSize,
    long offsetToPointData,
    long numberOfVlrs,
    int pointFormat,
    boolean compressed,
    int pointRecordLength,
    long pointCount,
    double[] scale,
    double[] offset,
    double[] min,
    double[] max,
    long startOfFirstEvlr,
    long numberOfEvlrs,
    String softwareId) implements Serializable {

  public static final int MIN_HEADER_SIZE = 227;
  static final int LAS14_HEADER_SIZE = 375;
  /** Bytes of the fixed part of each point format's record (R15 tables 7 to 17). */
  private static final int[] CORE_SIZES = {20, 28, 26, 34, 57, 63, 30, 36, 38, 59, 67};

  public static int coreSize(int pointFormat) {
    return CORE_SIZES[pointFormat];
  }

  /** A stored coordinate as a value: raw * scale + offset (R15 section 2.4). The X, Y and Z columns use the same. */
  public double coordinate(int axis, int raw) {
    return raw * scale[axis] + offset[axis];
  }

  /** Whether the format is one of the 1.4 "extended" formats 6 to 10. */
  public boolean extended() {
    return pointFormat >= 6;
  }

  public static LasHeader parse(String uri, byte[] head, int length, long fileLength) throws LasFormatException {
    if (length < 4 || head[0] != 'L' || head[1] != 'A' || head[2] != 'S' || head[3] != 'F') {
      throw new LasFormatException("Not a LAS/LAZ file: " + uri + " does not start with the signature LASF");
    }
    if (length < MIN_HEADER_SIZE) {
      throw new LasFormatException("Truncated LAS header in " + uri + ": " + length + " bytes, at least "
          + MIN_HEADER_SIZE + " needed");
    }
    ByteBuffer b = ByteBuffer.wrap(head, 0, length).order(ByteOrder.LITTLE_ENDIAN);
    int major = b.get(24) & 0xFF;
    int minor = b.get(25) & 0xFF;
    if (major != 1 || minor > 4) {
      throw new LasFormatException("Unsupported LAS version " + major + "." + minor + " in " + uri
          + " (supported: 1.0 to 1.4)");
    }
    String software = new String(head, 58, 32, StandardCharsets.US_ASCII).replace("\0", "").trim();
    int headerSize = b.getShort(94) & 0xFFFF;
    long offsetToPoints = b.getInt(96) & 0xFFFFFFFFL;
    long vlrs = b.getInt(100) & 0xFFFFFFFFL;
    int formatByte = b.get(104) & 0xFF;
    // LASzip marks compressed files by setting bit 7 (older writers: bit 6) of the point format.
    boolean compressed = (formatByte & 0xC0) != 0;
    int format = formatByte & 0x3F;
    int recordLength = b.getShort(105) & 0xFFFF;
    long legacyCount = b.getInt(107) & 0xFFFFFFFFL;
    double[] scale = {b.getDouble(131), b.getDouble(139), b.getDouble(147)};
    double[] offset = {b.getDouble(155), b.getDouble(163), b.getDouble(171)};
    double[] max = {b.getDouble(179), b.getDouble(195), b.getDouble(211)};
    double[] min = {b.getDouble(187), b.getDouble(203), b.getDouble(219)};
    if (headerSize < MIN_HEADER_SIZE || headerSize > fileLength) {
      throw new LasFormatException("Bad LAS header size " + headerSize + " at byte 94 of " + uri);
    }
    if (format > 10) {
      throw new LasFormatException("Unknown LAS point data format " + format + " at byte 104 of " + uri
          + " (known: 0 to 10)");
    }
    if (recordLength < CORE_SIZES[format]) {
      throw new LasFormatException("Point record length " + recordLength + " (byte 105 of " + uri + ") is shorter"
          + " than point format " + format + " needs (" + CORE_SIZES[format] + ")");
    }
    if (offsetToPoints < headerSize || offsetToPoints > fileLength) {
      throw new LasFormatException("Offset to point data " + offsetToPoints + " (byte 96 of " + uri
          + ") is outside the file (header " + headerSize + " bytes, file " + fileLength + " bytes)");
    }
    for (int axis = 0; axis < 3; axis++) {
      if (scale[axis] == 0 || !Double.isFinite(scale[axis]) || !Double.isFinite(offset[axis])) {
        throw new LasFormatException("Bad scale/offset for axis " + "XYZ".charAt(axis) + " in the header of " + uri);
      }
    }
    long count = legacyCount;
    long evlrStart = 0;
    long evlrs = 0;
    if (minor >= 4 && headerSize >= LAS14_HEADER_SIZE && length >= LAS14_HEADER_SIZE) {
      evlrStart = b.getLong(235);
      evlrs = b.getInt(243) & 0xFFFFFFFFL;
      long count64 = b.getLong(247);
      if (count64 != 0 || format >= 6) {
        count = count64;
      }
    }
    if (count < 0) {
      throw new LasFormatException("Bad point count " + count + " in the header of " + uri);
    }
    return new LasHeader(major, minor, headerSize, offsetToPoints, vlrs, format, compressed, recordLength, count,
        scale, offset, min, max, evlrStart, evlrs, software);
  }

  @Override
  public String toString() {
    return "LAS " + versionMajor + "." + versionMinor + ", point format " + pointFormat
        + (compressed ? " (LAZ)" : "") + ", " + pointCount + " points of " + pointRecordLength + " bytes";
  }
}
