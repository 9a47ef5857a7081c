package io.dataplug.formats.las.laz;

/**
 * This project's LAZ decoder, written from the LASzip sources' description of the coders, for the items real data
 * uses: point formats 0 to 3 and extra bytes with the version 2 coders (POINT10, GPSTIME11, RGB12, BYTE: what LASzip 2
 * and later, PDAL and lazrs write for them), and point formats 6 to 8 and extra bytes with the layered version 3
 * coders (POINT14, RGB14, RGBNIR14, BYTE14). It decodes a chunk (or a point-wise file) straight into LAS records, one
 * item decoder per item, all reused from chunk to chunk; layered chunks skip the layers of fields not requested.
 * Other items (version 1 coders, wave packets, item version 4) are not covered: see {@link #covers}.
 */
public final class LazPointDecoder {
  public static final int BYTE = 0;
  public static final int POINT10 = 6;
  public static final int GPSTIME11 = 7;
  public static final int RGB12 = 8;
  public static final int POINT14 = 10;
  public static final int RGB14 = 11;
  public static final int RGBNIR14 = 12;
  public static final int BYTE14 = 14;

  private final ArithmeticDecoder decoder = new ArithmeticDecoder();
  /** Null for layered chunks. */
  private final ItemDecoder[] items;
  private final int[] itemOffsets;
  private final int recordLength;

  private final Point14Decoder point14;
  private final LayeredItemDecoder[] layered;
  private final int[] layerStarts;
  private final int[] layerSizes;

  /**
   * For items that {@link #covers} accepts; in layered chunks, only the layers {@code fields} needs are decoded (the
   * other fields keep their values from the chunk's first point).
   */
  public LazPointDecoder(int[] types, int[] sizes, int[] versions, int recordLength, boolean layeredChunks,
      LazFields fields) {
    if (!covers(types, sizes, versions, recordLength, layeredChunks)) {
      throw new IllegalArgumentException("LAZ items not covered by this decoder");
    }
    this.recordLength = recordLength;
    itemOffsets = new int[types.length];
    int offset = 0;
    for (int i = 0; i < types.length; i++) {
      itemOffsets[i] = offset;
      offset += sizes[i];
    }
    if (layeredChunks) {
      items = null;
      layered = new LayeredItemDecoder[types.length];
      int layers = 0;
      for (int i = 0; i < types.length; i++) {
        layered[i] = switch (types[i]) {
          case POINT14 -> new Point14Decoder(fields.point14Layers());
          case RGB14 -> new Rgb14Decoder(false, fields.rgb(), false);
          case RGBNIR14 -> new Rgb14Decoder(true, fields.rgb(), fields.nir());
          default -> new Byte14Decoder(sizes[i], fields.extraBytes());
        };
        layers += layered[i].layers();
      }
      point14 = (Point14Decoder) layered[0];
      layerStarts = new int[layers];
      layerSizes = new int[layers];
    } else {
      layered = null;
      point14 = null;
      layerStarts = null;
      layerSizes = null;
      items = new ItemDecoder[types.length];
      for (int i = 0; i < types.length; i++) {
        items[i] = switch (types[i]) {
          case POINT10 -> new Point10Decoder(decoder);
          case GPSTIME11 -> new GpsTime11Decoder(decoder);
          case RGB12 -> new Rgb12Decoder(decoder);
          default -> new ByteDecoder(decoder, sizes[i]);
        };
      }
    }
  }

  /**
   * Whether these items (LASzip VLR types, sizes and versions, in record order) are ones this decoder covers and
   * fill records of {@code recordLength} bytes exactly: version 2 point-wise items in chunks of compressor 1 or 2,
   * version 3 layered items in chunks of compressor 3.
   */
  public static boolean covers(int[] types, int[] sizes, int[] versions, int recordLength, boolean layeredChunks) {
    if (types.length == 0 || types[0] != (layeredChunks ? POINT14 : POINT10)) {
      return false;
    }
    int length = 0;
    for (int i = 0; i < types.length; i++) {
      boolean known = layeredChunks
          ? versions[i] == 3 && switch (types[i]) {
            case POINT14 -> i == 0 && sizes[i] == 30;
            case RGB14 -> sizes[i] == 6;
            case RGBNIR14 -> sizes[i] == 8;
            case BYTE14 -> sizes[i] > 0;
            default -> false;
          }
          : versions[i] == 2 && switch (types[i]) {
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
   * arithmetic-coded stream, or for layered chunks the point count, the layer sizes and the layers) into {@code out}, one record every {@code recordLength} bytes, and returns how many of
   * the bytes the decoder read (a well-formed chunk ends exactly at its last byte).
   *
   * @throws LazDataException for data no encoder writes, or data that ends before its points
   */
  public int decode(byte[] bytes, int offset, int length, int pointCount, byte[] out) {
    if (pointCount == 0) {
      return 0;
    }
    if (layered != null) {
      return decodeLayered(bytes, offset, length, pointCount, out);
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

  /**
   * A layered chunk (LASzip 1.4, compressor 3): the first point raw, its u32 point count, a u32 size per layer of every
   * item in item order, then the layers in that order.
   */
  private int decodeLayered(byte[] bytes, int offset, int length, int pointCount, byte[] out) {
    int header = recordLength + 4 + 4 * layerSizes.length;
    if (length < header) {
      throw new LazDataException(0);
    }
    System.arraycopy(bytes, offset, out, 0, recordLength);
    int count = Bytes.i32(bytes, offset + recordLength);
    if (count != pointCount) {
      throw new LazDataException("the chunk holds " + Integer.toUnsignedString(count) + " points, the header or chunk"
          + " table says " + pointCount);
    }
    long at = offset + header;
    for (int k = 0; k < layerSizes.length; k++) {
      int size = Bytes.i32(bytes, offset + recordLength + 4 + 4 * k);
      if (size < 0 || at + size > offset + length) {
        throw new LazDataException(0);
      }
      layerSizes[k] = size;
      layerStarts[k] = (int) at;
      at += size;
    }
    int context = (out[itemOffsets[0] + 15] >>> 4) & 3;
    int p = 1;
    try {
      for (int i = 0, first = 0; i < layered.length; first += layered[i].layers(), i++) {
        layered[i].start(out, itemOffsets[i], bytes, layerStarts, layerSizes, first, context);
      }
      LayeredItemDecoder[] items = layered;
      int[] itemOffsets = this.itemOffsets;
      for (int base = recordLength; p < pointCount; p++, base += recordLength) {
        point14.read(out, base, context);
        context = point14.context();
        for (int i = 1; i < items.length; i++) {
          items[i].read(out, base + itemOffsets[i], context);
        }
      }
    } catch (IndexOutOfBoundsException e) {
      throw corruptAt(p, pointCount, "a code outside its model");
    } catch (LazDataException e) {
      throw corruptAt(p, pointCount, e.getMessage());
    }
    if (pointCount > 1) {
      for (LayeredItemDecoder item : layered) {
        if (!item.withinLayers()) {
          throw new LazDataException("a layer of the chunk ran past its bytes: the chunk is corrupt");
        }
      }
    }
    return (int) (at - offset);
  }

  private static LazDataException corruptAt(int point, int pointCount, String what) {
    return new LazDataException("failed after " + point + " of " + pointCount + " points (" + what + ")");
  }
}
