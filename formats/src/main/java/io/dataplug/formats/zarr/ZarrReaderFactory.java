package io.dataplug.formats.zarr;

import io.dataplug.formats.api.BatchReader;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.api.SliceReaderFactory;
import io.dataplug.formats.api.SlicedBatchReader;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/** Opens Zarr slices: each chunk read whole and decoded once, its cells written as rows. */
record ZarrReaderFactory(ZarrSchema schema, List<String> columns, int batchSize) implements SliceReaderFactory {
  ZarrReaderFactory {
    columns = List.copyOf(columns);
  }

  @Override
  public BatchReader open(BlobStore store, List<Slice> slices, BufferAllocator allocator) {
    ZarrBatchWriter writer = new ZarrBatchWriter(allocator, schema, columns);
    return new SlicedBatchReader<ZarrSlice, ZarrSliceReader>(slices, batchSize, writer) {
      @Override
      protected ZarrSliceReader openSlice(ZarrSlice slice) throws IOException {
        return new ZarrSliceReader(store, slice, writer.needsData());
      }

      @Override
      protected int readBatch(ZarrSliceReader slice, int maxRows) throws IOException {
        writer.startBatch();
        int n = slice.read(writer, maxRows);
        writer.finishBatch();
        return n;
      }

      @Override
      protected Map<ReadMetric, Long> sliceMetrics(ZarrSliceReader slice) {
        return Map.of(ReadMetric.RUNS_READ, slice.chunksRead(), ReadMetric.REQUESTS, slice.requests(),
            ReadMetric.DATA_BYTES, slice.bytesRead());
      }
    };
  }
}
