package io.dataplug.formats.las;

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

/**
 * Opens LiDAR slices as Arrow batches of the requested columns: each slice's runs by ranged reads, keeping the points
 * that pass its filter and tile.
 */
record LidarReaderFactory(List<LidarColumn> columns, int batchSize, LazDecoder lazDecoder) implements SliceReaderFactory {
  LidarReaderFactory {
    columns = List.copyOf(columns);
  }

  @Override
  public BatchReader open(BlobStore store, List<Slice> slices, BufferAllocator allocator) {
    LasBatchWriter writer = new LasBatchWriter(allocator, columns);
    return new SlicedBatchReader<LidarSlice, LidarSliceReader>(slices, batchSize, writer) {
      @Override
      protected LidarSliceReader openSlice(LidarSlice slice) {
        writer.bind(slice.file());
        return new LidarSliceReader(store, slice, lazDecoder);
      }

      @Override
      protected int readBatch(LidarSliceReader slice, int maxRows) throws IOException {
        writer.startBatch(maxRows);
        int n = slice.read(writer, maxRows);
        writer.finishBatch();
        return n;
      }

      @Override
      protected Map<ReadMetric, Long> sliceMetrics(LidarSliceReader slice) {
        return Map.of(ReadMetric.DATA_BYTES, slice.bytesFetched(), ReadMetric.REQUESTS, slice.requests(),
            ReadMetric.POINTS_DECODED, slice.pointsDecoded(), ReadMetric.RUNS_READ, slice.runsRead());
      }
    };
  }
}
