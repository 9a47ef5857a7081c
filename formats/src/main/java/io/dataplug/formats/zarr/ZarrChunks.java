package io.dataplug.formats.zarr;

import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.util.Arrays;

/** Reads and decodes whole chunks: a missing key is a chunk of the fill value (Zarr v2 spec, "Chunk storage"). */
final class ZarrChunks {
  private ZarrChunks() {}

  /** Chunk {@code i} of a fetcher's run as {@code chunkElements} elements in the dtype's byte order. */
  static byte[] read(ChunkFetcher fetcher, int i, ZarrArray array) throws IOException {
    byte[] stored = fetcher.stored(i);
    int size = array.chunkElements() * array.dtype().size();
    return stored == null ? filled(array, size) : decode(array, stored, size, fetcher.where(i));
  }

  static byte[] decode(ZarrArray array, byte[] stored, int size, String where) throws ZarrFormatException {
    byte[] data = stored;
    int length = stored.length;
    if (array.compressor() != null) {
      // Filters may change the size (fixedscaleoffset's astype): the compressor's output size is known without them.
      data = array.compressor().decode(data, length, array.filters().isEmpty() ? size : -1, where);
      length = data.length;
    }
    for (int i = array.filters().size() - 1; i >= 0; i--) {
      data = array.filters().get(i).decode(data, length, i == 0 ? size : -1, where);
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
    int n = Math.toIntExact(array.shape()[0]);
    int size = array.dtype().size();
    byte[] out = new byte[n * size];
    int chunk = array.chunks()[0];
    long[] numbers = ChunkSource.allChunks(array);
    try (ChunkFetcher fetcher = new ChunkFetcher(store, where, source.locate(store, array, numbers))) {
      for (int c = 0; c < numbers.length; c++) {
        byte[] data = read(fetcher, c, array);
        int first = c * chunk;
        int count = Math.min(chunk, n - first);
        System.arraycopy(data, 0, out, first * size, count * size);
      }
    }
    return out;
  }
}
