package io.dataplug.formats.cog;

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

/** Opens COG slices: each tile by a ranged read (adjacent tiles share requests), decoded into one row. */
record CogReaderFactory(CogSchema schema, List<String> columns, int batchSize, InflaterEngine inflater)
    implements SliceReaderFactory {
  CogReaderFactory {
    columns = List.copyOf(columns);
  }

  @Override
  public BatchReader open(BlobStore store, List<Slice> slices, BufferAllocator allocator) {
    CogBatchWriter writer = new CogBatchWriter(allocator, schema, columns);
    return new SlicedBatchReader<CogSlice, CogSliceReader>(slices, batchSize, writer) {
      @Override
      protected CogSliceReader openSlice(CogSlice slice) throws IOException {
        writer.startSlice(slice);
        return new CogSliceReader(store, slice, writer.needsSamples(), inflater);
      }

      @Override
      protected int readBatch(CogSliceReader slice, int maxRows) throws IOException {
        writer.startBatch();
        int n = slice.read(writer, maxRows);
        writer.finishBatch();
        return n;
      }

      @Override
      protected Map<ReadMetric, Long> sliceMetrics(CogSliceReader slice) {
        return Map.of(ReadMetric.DATA_BYTES, slice.bytesFetched(), ReadMetric.REQUESTS, slice.requests(),
            ReadMetric.RUNS_READ, (long) slice.tilesRead());
      }
    };
  }
}
