package io.dataplug.formats.zarr;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A data array chunked otherwise than the main array (NetCDF4 variables of one file often are): for each chunk of the
 * main grid, its values gathered from the chunks of its own grid that overlap that region, laid out in C order on the
 * main chunk's shape, so that the cells of both read alike. A chunk that overlaps two regions in a row is decoded once.
 */
final class Regridded {
  private final ZarrArray main;
  private final ZarrArray array;
  private final ChunkFetcher fetcher;
  private final ChunkDecoding decoding;
  private final int size;
  private final int[] sourceStrides;
  private final int[] targetStrides;
  private Map<Long, byte[]> previous = new HashMap<>();
  private int fetched;

  Regridded(ZarrArray main, ZarrArray array, ChunkFetcher fetcher, ChunkDecoding decoding) {
    this.decoding = decoding;
    this.main = main;
    this.array = array;
    this.fetcher = fetcher;
    this.size = array.dtype().size();
    this.sourceStrides = strides(array.chunks(), array.fortran());
    this.targetStrides = strides(main.chunks(), false);
  }

  /** Element strides inside a chunk of this shape: C order (last index fastest) or F order (first fastest). */
  static int[] strides(int[] shape, boolean fortran) {
    int rank = shape.length;
    int[] s = new int[rank];
    int stride = 1;
    for (int k = 0; k < rank; k++) {
      int d = fortran ? k : rank - 1 - k;
      s[d] = stride;
      stride *= shape[d];
    }
    return s;
  }

  /** The chunks of {@code array} that the main chunks {@code mainNumbers} overlap, in the order they are needed. */
  static long[] chunksNeeded(ZarrArray main, ZarrArray array, long[] mainNumbers) {
    long[] index = new long[main.rank()];
    long[] origin = new long[main.rank()];
    int[] extent = new int[main.rank()];
    List<Long> out = new ArrayList<>();
    for (long number : mainNumbers) {
      ZarrArray.chunkIndex(number, main.grid(), index);
      if (main.extent(index, extent) == 0) {
        continue;
      }
      for (int d = 0; d < origin.length; d++) {
        origin[d] = index[d] * main.chunks()[d];
      }
      overlapping(array, origin, extent, out);
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /** Adds to {@code into} the number of every chunk of {@code array} that the region overlaps, in C order. */
  private static void overlapping(ZarrArray array, long[] origin, int[] extent, List<Long> into) {
    int rank = origin.length;
    long[] first = new long[rank];
    long[] last = new long[rank];
    for (int d = 0; d < rank; d++) {
      first[d] = origin[d] / array.chunks()[d];
      last[d] = (origin[d] + extent[d] - 1) / array.chunks()[d];
    }
    long[] grid = array.grid();
    long[] at = first.clone();
    while (true) {
      long number = 0;
      for (int d = 0; d < rank; d++) {
        number = number * grid[d] + at[d];
      }
      into.add(number);
      int d = rank - 1;
      while (d >= 0 && ++at[d] > last[d]) {
        at[d] = first[d];
        d--;
      }
      if (d < 0) {
        return;
      }
    }
  }

  /** The array's values over the main chunk at {@code origin} of {@code extent}, on the main chunk's shape. */
  byte[] gather(long[] origin, int[] extent) throws IOException {
    byte[] out = new byte[main.chunkElements() * size];
    Map<Long, byte[]> current = new HashMap<>();
    long[] index = new long[origin.length];
    List<Long> numbers = new ArrayList<>();
    overlapping(array, origin, extent, numbers);
    for (long number : numbers) {
      int position = fetched++;
      byte[] decoded = previous.get(number);
      if (decoded == null) {
        decoded = ZarrChunks.read(fetcher, position, array, decoding);
      }
      current.put(number, decoded);
      ZarrArray.chunkIndex(number, array.grid(), index);
      copyOverlap(decoded, index, origin, extent, out);
    }
    previous = current;
    return out;
  }

  /** Copies the cells of source chunk {@code index} that lie in the region into their places in {@code out}. */
  private void copyOverlap(byte[] source, long[] index, long[] origin, int[] extent, byte[] out) {
    int rank = origin.length;
    long[] lo = new long[rank];
    long[] hi = new long[rank];
    for (int d = 0; d < rank; d++) {
      long start = index[d] * array.chunks()[d];
      lo[d] = Math.max(origin[d], start);
      hi[d] = Math.min(Math.min(origin[d] + extent[d], start + array.chunks()[d]), array.shape()[d]);
      if (lo[d] >= hi[d]) {
        return;
      }
    }
    // Runs along the last dimension are contiguous in both when the source is in C order.
    int inner = rank - 1;
    int run = array.fortran() ? 1 : (int) (hi[inner] - lo[inner]);
    long[] g = lo.clone();
    while (true) {
      int from = 0;
      int to = 0;
      for (int d = 0; d < rank; d++) {
        from += (int) (g[d] - index[d] * array.chunks()[d]) * sourceStrides[d];
        to += (int) (g[d] - origin[d]) * targetStrides[d];
      }
      System.arraycopy(source, from * size, out, to * size, run * size);
      g[inner] += run;
      int d = inner;
      while (d >= 0 && g[d] >= hi[d]) {
        g[d] = lo[d];
        d--;
        if (d >= 0) {
          g[d]++;
        }
      }
      if (d < 0) {
        return;
      }
    }
  }

  static boolean needed(ZarrArray main, ZarrArray array) {
    return !Arrays.equals(main.chunks(), array.chunks());
  }
}
