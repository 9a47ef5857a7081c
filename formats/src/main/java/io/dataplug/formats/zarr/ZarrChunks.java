package io.dataplug.formats.zarr;

import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** Reads and decodes whole chunks: a missing key is a chunk of the fill value (Zarr v2 spec, "Chunk storage"). */
final class ZarrChunks {
  private ZarrChunks() {}

  /** Chunk {@code i} of a fetcher's run as {@code chunkElements} elements in the dtype's byte order. */
  static byte[] read(ChunkFetcher fetcher, int i, ZarrArray array, ChunkDecoding decoding) throws IOException {
    byte[] stored = fetcher.stored(i);
    int size = array.chunkElements() * array.dtype().size();
    return stored == null ? filled(array, size) : decode(array, stored, size, fetcher.where(i), decoding);
  }

  /**
   * Decodes a stored chunk: the compressor, then the filters in reverse order. A step's output size is known when
   * the steps after it keep sizes (shuffle does; fixedscaleoffset with another astype does not).
   */
  static byte[] decode(ZarrArray array, byte[] stored, int size, String where, ChunkDecoding decoding)
      throws ZarrFormatException {
    byte[] data = stored;
    int length = stored.length;
    List<ZarrCodec> filters = array.filters();
    boolean sizeKnown = true;
    for (ZarrCodec f : filters) {
      sizeKnown &= f.preservesSize();
    }
    if (array.compressor() != null) {
      data = array.compressor().decode(data, length, sizeKnown ? size : -1, where, decoding);
      length = data.length;
    }
    for (int i = filters.size() - 1; i >= 0; i--) {
      boolean knownAfter = true;
      for (int k = 0; k < i; k++) {
        knownAfter &= filters.get(k).preservesSize();
      }
      data = filters.get(i).decode(data, length, knownAfter ? size : -1, where, decoding);
      length = data.length;
    }
    if (length != size) {
      throw new ZarrFormatException(where + ": chunk of " + array.name() + " decodes to " + length + " bytes, not the "
          + size + " of " + Arrays.toString(array.chunks()) + " " + array.dtype() + " elements (the chunk is corrupt"
          + " or its .zarray is wrong)");
    }
    return data.length == size ? data : Arrays.copyOf(data, size);
  }

  private static byte[] filled(ZarrArray array, int size) {
    byte[] out = new byte[size];
    byte[] fill = array.fill();
    boolean zero = true;
    for (byte b : fill) {
      zero &= b == 0;
    }
    if (!zero) {
      for (int at = 0; at < size; at += fill.length) {
        System.arraycopy(fill, 0, out, at, fill.length);
      }
    }
    return out;
  }

  /** A 1-D array whole (a coordinate array), element i at {@code i * size}. */
  static byte[] readAll1d(BlobStore store, ChunkSource source, String where, ZarrArray array) throws IOException {
    try (ChunkDecoding decoding = new ChunkDecoding(io.dataplug.formats.codec.InflaterEngine.AUTO,
        ZarrFormat.BloscEngine.AUTO)) {
      return readAll1d(store, source, where, array, decoding);
    }
  }

  static byte[] readAll1d(BlobStore store, ChunkSource source, String where, ZarrArray array,
      ChunkDecoding decoding) throws IOException {
    int n = Math.toIntExact(array.shape()[0]);
    int size = array.dtype().size();
    byte[] out = new byte[n * size];
    int chunk = array.chunks()[0];
    long[] numbers = ChunkSource.allChunks(array);
    try (ChunkFetcher fetcher = new ChunkFetcher(store, where, source.locate(store, array, numbers))) {
      for (int c = 0; c < numbers.length; c++) {
        byte[] data = read(fetcher, c, array, decoding);
        int first = c * chunk;
        int count = Math.min(chunk, n - first);
        System.arraycopy(data, 0, out, first * size, count * size);
      }
    }
    return out;
  }
}
