package io.dataplug.formats.zarr;

import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * Reads one slice's chunks in order and emits their cells inside the array bounds (edge chunks are clipped), in C
 * order of the global index within each chunk.
 */
final class ZarrSliceReader implements AutoCloseable {
  private final ZarrSlice slice;
  private final boolean readData;
  private final ZarrArray main;
  private final int rank;
  private final long[] grid;
  private final ByteBuffer[] coordinates;
  private final ByteBuffer[] chunks;
  private final long[] chunkIndex;
  private final long[] origin;
  private final int[] extent;
  private final int[] local;
  /** Element strides inside a decoded chunk: C order (last index fastest) or F order (first fastest). */
  private final int[][] strides;
  /** Per data array, its chunks of this slice (none when no data column is read). */
  private final ChunkFetcher[] fetchers;
  /** Per data array chunked otherwise than the main one, its values gathered per main chunk; else null. */
  private final Regridded[] regridded;
  private int nextChunk;
  private long cellsLeftInChunk;
  /** Cells of the current chunk the filters keep and layout cells has not written yet. */
  private long keptLeftInChunk;
  private long chunksRead;

  /** The reader's zlib inflater, kept from chunk to chunk. */
  private final ChunkDecoding decoding;

  ZarrSliceReader(BlobStore store, ZarrSlice slice, boolean readData, InflaterEngine inflater,
      ZarrFormat.BloscEngine blosc) throws IOException {
    this.decoding = new ChunkDecoding(inflater, blosc);
    this.slice = slice;
    this.readData = readData;
    this.main = slice.data().get(0);
    this.rank = main.rank();
    this.grid = main.grid();
    this.coordinates = new ByteBuffer[rank];
    this.chunks = new ByteBuffer[slice.data().size()];
    this.fetchers = new ChunkFetcher[readData ? chunks.length : 0];
    this.regridded = new Regridded[chunks.length];
    try {
      for (int d = 0; d < rank; d++) {
        ZarrArray c = slice.coordinates().get(d);
        if (c != null) {
          coordinates[d] = ByteBuffer.wrap(ZarrChunks.readAll1d(store, slice.chunks(), slice.root(), c, decoding))
              .order(c.dtype().order());
        }
      }
      for (int a = 0; a < fetchers.length; a++) {
        ZarrArray array = slice.data().get(a);
        boolean regrid = Regridded.needed(main, array);
        long[] numbers = regrid ? Regridded.chunksNeeded(main, array, slice.chunkNumbers()) : slice.chunkNumbers();
        fetchers[a] = new ChunkFetcher(store, slice.root(), slice.chunks().locate(store, array, numbers));
        regridded[a] = regrid ? new Regridded(main, array, fetchers[a], decoding) : null;
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    this.chunkIndex = new long[rank];
    this.origin = new long[rank];
    this.extent = new int[rank];
    this.local = new int[rank];
    this.strides = new int[slice.data().size()][];
    for (int a = 0; a < strides.length; a++) {
      ZarrArray array = slice.data().get(a);
      strides[a] = Regridded.needed(main, array) ? Regridded.strides(main.chunks(), false)
          : Regridded.strides(array.chunks(), array.fortran());
    }
  }

  /**
   * Appends up to {@code maxRows} cells, a run along the last dimension at a time, skipping the cells the filters on
   * dimension coordinates reject ({@link ZarrSlice#keep}); 0 when the slice is done. A scalar array (rank 0) is one
   * cell.
   */
  int read(ZarrBatchWriter writer, int maxRows) throws IOException {
    int rows = 0;
    long[] index = new long[rank];
    int[] elements = new int[chunks.length];
    int[] steps = new int[chunks.length];
    int last = rank - 1;
    for (int a = 0; a < chunks.length; a++) {
      steps[a] = rank == 0 ? 1 : strides[a][last];
    }
    while (rows < maxRows) {
      if (keptLeftInChunk == 0 && !nextChunk()) {
        break;
      }
      if (rank > 0 && !seekKept()) {
        keptLeftInChunk = 0;
        continue;
      }
      for (int d = 0; d < rank; d++) {
        index[d] = origin[d] + local[d];
      }
      for (int a = 0; a < chunks.length; a++) {
        elements[a] = elementAt(a, local);
      }
      int run = 1;
      if (rank > 0) {
        int limit = (int) Math.min(extent[last] - local[last], maxRows - rows);
        while (run < limit && kept(last, local[last] + run)) {
          run++;
        }
      }
      writer.run(index, run, coordinates, chunks, elements, steps);
      rows += run;
      keptLeftInChunk -= run;
      if (rank > 0) {
        local[last] += run - 1;
        advance(last);
      }
    }
    return rows;
  }

  /** Whether the cell at local index {@code i} of dimension {@code d} of the current chunk may pass the filters. */
  private boolean kept(int d, int i) {
    BitSet keep = slice.keep()[d];
    return keep == null || keep.get((int) origin[d] + i);
  }

  /** Moves {@code local} to the next cell the filters keep, from where it is; false when the chunk has none left. */
  private boolean seekKept() {
    int last = rank - 1;
    while (true) {
      if (local[0] >= extent[0]) {
        return false;
      }
      int failing = -1;
      for (int d = 0; d < last && failing < 0; d++) {
        if (!kept(d, local[d])) {
          failing = d;
        }
      }
      if (failing >= 0) {
        for (int d = failing + 1; d < rank; d++) {
          local[d] = extent[d] - 1;
        }
        advance(last);
        continue;
      }
      if (kept(last, local[last])) {
        return true;
      }
      local[last]++;
      if (local[last] >= extent[last]) {
        local[last] = extent[last] - 1;
        advance(last);
      }
    }
  }

  /** Steps {@code local} one cell forward in C order from dimension {@code d}; past the end, local[0] = extent[0]. */
  private void advance(int d) {
    local[d]++;
    while (d > 0 && local[d] >= extent[d]) {
      local[d] = 0;
      local[--d]++;
    }
  }

  /** Appends up to {@code maxRows} chunks (layout chunks); 0 when the slice is done. */
  int readChunks(ZarrChunkWriter writer, int maxRows) throws IOException {
    int rows = 0;
    while (rows < maxRows && nextChunk()) {
      int cells = (int) cellsLeftInChunk;
      int[][] elements = new int[chunks.length][];
      for (int a = 0; a < chunks.length; a++) {
        if (chunks[a] != null && !ZarrChunkWriter.copiesStored(slice.data().get(a))) {
          elements[a] = positions(a, cells);
        }
      }
      writer.chunk(chunkIndex, origin, extent, chunks, elements, cells);
      cellsLeftInChunk = 0;
      rows++;
    }
    return rows;
  }

  /** Where each cell of the current chunk's extent, in C order, lies in array {@code a}'s decoded chunk. */
  private int[] positions(int a, int cells) {
    int[] out = new int[cells];
    int[] at = new int[rank];
    for (int i = 0; i < cells; i++) {
      out[i] = elementAt(a, at);
      for (int d = rank - 1; d >= 0; d--) {
        if (++at[d] < extent[d]) {
          break;
        }
        at[d] = 0;
      }
    }
    return out;
  }

  /** Where the cell at {@code local} (indexes within the chunk) lies in array {@code a}'s decoded chunk. */
  private int elementAt(int a, int[] local) {
    int e = 0;
    for (int d = 0; d < rank; d++) {
      e += local[d] * strides[a][d];
    }
    return e;
  }

  private boolean nextChunk() throws IOException {
    while (nextChunk < slice.chunkNumbers().length) {
      ZarrArray.chunkIndex(slice.chunkNumbers()[nextChunk++], grid, chunkIndex);
      long cells = main.extent(chunkIndex, extent);
      for (int d = 0; d < rank; d++) {
        origin[d] = chunkIndex[d] * main.chunks()[d];
        local[d] = 0;
      }
      if (cells == 0) {
        continue;
      }
      if (readData) {
        for (int a = 0; a < chunks.length; a++) {
          ZarrArray array = slice.data().get(a);
          byte[] decoded = regridded[a] != null ? regridded[a].gather(origin, extent)
              : ZarrChunks.read(fetchers[a], nextChunk - 1, array, decoding);
          chunks[a] = ByteBuffer.wrap(decoded)
              .order(array.dtype().order());
        }
      }
      chunksRead++;
      cellsLeftInChunk = cells;
      keptLeftInChunk = ZarrSlice.keptCells(slice.keep(), origin, extent);
      return true;
    }
    return false;
  }

  long chunksRead() {
    return chunksRead;
  }

  long requests() {
    long n = 0;
    for (ChunkFetcher f : fetchers) {
      n += f == null ? 0 : f.requests();
    }
    return n;
  }

  long bytesRead() {
    long n = 0;
    for (ChunkFetcher f : fetchers) {
      n += f == null ? 0 : f.bytesRead();
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    decoding.close();
    IOException failure = null;
    for (ChunkFetcher f : fetchers) {
      try {
        if (f != null) {
          f.close();
        }
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
