package io.dataplug.formats.las;

import io.dataplug.formats.api.BatchReader;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.api.SliceReaderFactory;
import io.dataplug.formats.api.SlicedBatchReader;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.las.laz.LazFields;
import java.io.IOException;
import java.util.ArrayList;
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

  /** The layers of layered LAZ chunks these columns need (and Z for a box filter). */
  private LazFields lazFields(boolean boxFilter) {
    List<String> names = new ArrayList<>();
    for (LidarColumn column : columns) {
      if (column.isDimension()) {
        names.add(column.name());
      }
    }
    return LazChunkDecoder.fieldsFor(names, boxFilter);
  }

  @Override
  public BatchReader open(BlobStore store, List<Slice> slices, BufferAllocator allocator) {
    LasBatchWriter writer = new LasBatchWriter(allocator, columns);
    return new SlicedBatchReader<LidarSlice, LidarSliceReader>(slices, batchSize, writer) {
      @Override
      protected LidarSliceReader openSlice(LidarSlice slice) {
        writer.bind(slice.file(), slice.tiles());
        return new LidarSliceReader(store, slice, lazDecoder, lazFields(slice.filter() != null));
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
