package io.dataplug.formats.zarr;

import io.dataplug.formats.api.ArrowBatchWriter;
import io.dataplug.formats.api.BatchReader;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.api.SliceReaderFactory;
import io.dataplug.formats.api.SlicedBatchReader;
import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/** Opens Zarr slices: each chunk read whole and decoded once, written as cells or as one row (layout chunks). */
record ZarrReaderFactory(ZarrSchema schema, List<String> columns, int batchSize, InflaterEngine inflater,
    ZarrFormat.BloscEngine blosc) implements SliceReaderFactory {
  ZarrReaderFactory {
    columns = List.copyOf(columns);
  }

  /** Layout chunks: about this many bytes of values per Arrow batch (a batch of 4096 chunks could hold gigabytes). */
  static final long CHUNK_BATCH_BYTES = 8 << 20;

  /** Rows per batch in layout chunks: {@code batchSize}, or fewer so that a batch holds about 8 MiB of values. */
  int chunkRowsPerBatch() {
    long bytes = 0;
    for (ZarrArray a : schema.data()) {
      if (columns.contains(a.name())) {
        bytes += (long) a.chunkElements() * Math.max(4, a.dtype().size());
      }
    }
    return (int) Math.max(1, Math.min(batchSize, CHUNK_BATCH_BYTES / Math.max(1, bytes)));
  }

  @Override
  public BatchReader open(BlobStore store, List<Slice> slices, BufferAllocator allocator) {
    if (schema.chunks()) {
      ZarrChunkWriter writer = new ZarrChunkWriter(allocator, schema, columns);
      return new Reader(slices, writer, store, chunkRowsPerBatch()) {
        @Override
        int read(ZarrSliceReader slice, int maxRows) throws IOException {
          return slice.readChunks(writer, maxRows);
        }
      };
    }
    ZarrBatchWriter writer = new ZarrBatchWriter(allocator, schema, columns);
    return new Reader(slices, writer, store, batchSize) {
      @Override
      int read(ZarrSliceReader slice, int maxRows) throws IOException {
        return slice.read(writer, maxRows);
      }
    };
  }

  /** The reader of either layout: the writer decides the rows. */
  private abstract class Reader extends SlicedBatchReader<ZarrSlice, ZarrSliceReader> {
    private final ArrowBatchWriter writer;
    private final BlobStore store;
    private final boolean readData = schema.readsData(columns);

    Reader(List<Slice> slices, ArrowBatchWriter writer, BlobStore store, int rowsPerBatch) {
      super(slices, rowsPerBatch, writer);
      this.writer = writer;
      this.store = store;
    }

    abstract int read(ZarrSliceReader slice, int maxRows) throws IOException;

    @Override
    protected ZarrSliceReader openSlice(ZarrSlice slice) throws IOException {
      return new ZarrSliceReader(store, slice, readData, inflater, blosc);
    }

    @Override
    protected int readBatch(ZarrSliceReader slice, int maxRows) throws IOException {
      writer.startBatch();
      int n = read(slice, maxRows);
      writer.finishBatch();
      return n;
    }

    @Override
    protected Map<ReadMetric, Long> sliceMetrics(ZarrSliceReader slice) {
      return Map.of(ReadMetric.RUNS_READ, slice.chunksRead(), ReadMetric.REQUESTS, slice.requests(),
          ReadMetric.DATA_BYTES, slice.bytesRead());
    }
  }
}
