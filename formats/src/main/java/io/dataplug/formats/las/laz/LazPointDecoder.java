package io.dataplug.formats.las.laz;

/**
 * This project's LAZ decoder for point formats 0 to 3 and extra bytes (the LASzip item coders POINT10, GPSTIME11,
 * RGB12 and BYTE, version 2: what LASzip 2 and later, PDAL and lazrs write for point formats 0 to 3), written from
 * the LASzip sources' description of the coders. It decodes a chunk (or a point-wise file) straight into LAS
 * records: one item decoder per item and one arithmetic decoder shared by all, reused from chunk to chunk. Other
 * items (version 1 coders, wave packets, the layered point formats 6 to 10) are not covered: see {@link #covers}.
 */
public final class LazPointDecoder {
  public static final int BYTE = 0;
  public static final int POINT10 = 6;
  public static final int GPSTIME11 = 7;
  public static final int RGB12 = 8;

  private final ArithmeticDecoder decoder = new ArithmeticDecoder();
  private final ItemDecoder[] items;
  private final int[] itemOffsets;
  private final int recordLength;

  /** For items that {@link #covers} accepts. */
  public LazPointDecoder(int[] types, int[] sizes, int[] versions, int recordLength) {
    if (!covers(types, sizes, versions, recordLength)) {
      throw new IllegalArgumentException("LAZ items not covered by this decoder");
    }
    this.recordLength = recordLength;
    items = new ItemDecoder[types.length];
    itemOffsets = new int[types.length];
    int offset = 0;
    for (int i = 0; i < types.length; i++) {
      items[i] = switch (types[i]) {
        case POINT10 -> new Point10Decoder(decoder);
        case GPSTIME11 -> new GpsTime11Decoder(decoder);
        case RGB12 -> new Rgb12Decoder(decoder);
        default -> new ByteDecoder(decoder, sizes[i]);
      };
      itemOffsets[i] = offset;
      offset += sizes[i];
    }
  }

  /**
   * Whether these items (LASzip VLR types, sizes and versions, in record order) are ones this decoder covers and
   * fill records of {@code recordLength} bytes exactly.
   */
  public static boolean covers(int[] types, int[] sizes, int[] versions, int recordLength) {
    if (types.length == 0 || types[0] != POINT10) {
      return false;
    }
    int length = 0;
    for (int i = 0; i < types.length; i++) {
      boolean known = versions[i] == 2 && switch (types[i]) {
        case POINT10 -> i == 0 && sizes[i] == 20;
        case GPSTIME11 -> sizes[i] == 8;
        case RGB12 -> sizes[i] == 6;
        case BYTE -> sizes[i] > 0;
        default -> false;
      };
      if (!known) {
        return false;
      }
      length += sizes[i];
    }
    return length == recordLength;
  }

  /**
   * Decodes {@code pointCount} points from {@code bytes[offset, offset + length)} (the first point raw, then one
   * arithmetic-coded stream) into {@code out}, one record every {@code recordLength} bytes, and returns how many of
   * the bytes the decoder read (a well-formed chunk ends exactly at its last byte).
   *
   * @throws LazDataException for data no encoder writes, or data that ends before its points
   */
  public int decode(byte[] bytes, int offset, int length, int pointCount, byte[] out) {
    if (pointCount == 0) {
      return 0;
    }
    if (length < recordLength) {
      throw new LazDataException(0);
    }
    System.arraycopy(bytes, offset, out, 0, recordLength);
    for (int i = 0; i < items.length; i++) {
      items[i].start(out, itemOffsets[i]);
    }
    // LASzip starts the arithmetic decoder (four bytes) after the raw first point even when it is the only one
    decoder.start(bytes, offset + recordLength, offset + length);
    int p = 1;
    try {
      if (decoder.overran()) {
        throw new LazDataException(p);
      }
      ItemDecoder[] items = this.items;
      int[] itemOffsets = this.itemOffsets;
      for (int base = recordLength; p < pointCount; p++, base += recordLength) {
        for (int i = 0; i < items.length; i++) {
          items[i].read(out, base + itemOffsets[i]);
        }
        if (decoder.overran()) {
          throw new LazDataException(p);
        }
      }
    } catch (IndexOutOfBoundsException e) {
      // past the zero padding behind the data (truncated), or tables indexed by corrupt data
      throw decoder.overran() ? new LazDataException(p) : corruptAt(p, pointCount, "a code outside its model");
    } catch (LazDataException e) {
      throw e.truncated() ? e : corruptAt(p, pointCount, e.getMessage());
    }
    return recordLength + decoder.consumed();
  }

  private static LazDataException corruptAt(int point, int pointCount, String what) {
    return new LazDataException("failed after " + point + " of " + pointCount + " points (" + what + ")");
  }
}
