package io.dataplug.formats.las;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The LASzip VLR (user "laszip encoded", record 22204): compressor, coder, chunk size and the list of compressed
 * items. Compressor 1 is point-wise (no chunks, no chunk table), 2 chunked, 3 layered chunked (point formats 6-10).
 * A chunk size of 0xFFFFFFFF means variable-sized chunks whose point counts are in the chunk table.
 */
public record LazParameters(int compressor, int coder, long chunkSize, int[] itemTypes, int[] itemSizes,
    int[] itemVersions) implements Serializable {

  public static final int POINTWISE = 1;
  public static final int CHUNKED = 2;
  public static final int LAYERED_CHUNKED = 3;
  public static final long VARIABLE_CHUNKS = 0xFFFFFFFFL;

  static LazParameters parse(String uri, byte[] vlr) throws LasFormatException {
    if (vlr.length < 34 || (vlr.length - 34) % 6 != 0) {
      throw new LasFormatException("Corrupt laszip VLR in " + uri + ": " + vlr.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(vlr).order(ByteOrder.LITTLE_ENDIAN);
    int compressor = b.getShort(0) & 0xFFFF;
    int coder = b.getShort(2) & 0xFFFF;
    long chunkSize = b.getInt(12) & 0xFFFFFFFFL;
    int items = b.getShort(32) & 0xFFFF;
    if (items != (vlr.length - 34) / 6 || items == 0) {
      throw new LasFormatException("Corrupt laszip VLR in " + uri + ": " + items + " items in " + vlr.length + " bytes");
    }
    if (compressor < POINTWISE || compressor > LAYERED_CHUNKED) {
      throw new LasFormatException("Unknown LAZ compressor " + compressor + " in the laszip VLR of " + uri
          + " (known: 1 point-wise, 2 chunked, 3 layered chunked)");
    }
    if (coder != 0) {
      throw new LasFormatException("Unknown LAZ coder " + coder + " in the laszip VLR of " + uri + " (known: 0 arithmetic)");
    }
    if (chunkSize == 0 && compressor != POINTWISE) {
      throw new LasFormatException("LAZ chunk size 0 in the laszip VLR of " + uri);
    }
    int[] types = new int[items];
    int[] sizes = new int[items];
    int[] versions = new int[items];
    for (int i = 0; i < items; i++) {
      types[i] = b.getShort(34 + 6 * i) & 0xFFFF;
      sizes[i] = b.getShort(36 + 6 * i) & 0xFFFF;
      versions[i] = b.getShort(38 + 6 * i) & 0xFFFF;
      if (types[i] > 14) {
        throw new LasFormatException("Unknown LAZ item type " + types[i] + " in the laszip VLR of " + uri);
      }
    }
    return new LazParameters(compressor, coder, chunkSize, types, sizes, versions);
  }

  public boolean chunked() {
    return compressor != POINTWISE;
  }

  public boolean variableChunks() {
    return chunkSize == VARIABLE_CHUNKS;
  }

  @Override
  public String toString() {
    return "LAZ compressor " + compressor + ", chunk size " + (variableChunks() ? "variable" : chunkSize)
        + ", items " + Arrays.toString(itemTypes);
  }
}
