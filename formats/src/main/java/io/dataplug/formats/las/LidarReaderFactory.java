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
import org.apache.arrow.vector.FieldVector;

/** Opens LiDAR slices as Arrow batches of the requested columns. */
record LidarReaderFactory(List<LidarColumn> columns, int batchSize) implements SliceReaderFactory {
  LidarReaderFactory {
    columns = List.copyOf(columns);
  }

  @Override
  public BatchReader open(BlobStore store, List<Slice> slices, BufferAllocator allocator) {
    return new Reader(store, slices, batchSize, new LasBatchWriter(allocator, columns));
  }

  /** Reads each slice's runs by ranged reads and keeps the points that pass its filter and tile. */
  private static final class Reader extends SlicedBatchReader<LidarSlice> {
    private final BlobStore store;
    private final LasBatchWriter writer;
    private LidarSliceReader current;

    Reader(BlobStore store, List<Slice> slices, int batchSize, LasBatchWriter writer) {
      super(slices, batchSize);
      this.store = store;
      this.writer = writer;
    }

    @Override
    protected void openSlice(LidarSlice slice) {
      current = new LidarSliceReader(store, slice);
      writer.bind(slice.file());
    }

    @Override
    protected int readBatch(int maxRows) throws IOException {
      writer.startBatch(maxRows);
      int n = current.read(writer, maxRows);
      writer.finishBatch();
      return n;
    }

    @Override
    protected Map<ReadMetric, Long> openSliceMetrics() {
      return Map.of(ReadMetric.DATA_BYTES, current.bytesFetched(), ReadMetric.REQUESTS, current.requests(),
          ReadMetric.POINTS_DECODED, current.pointsDecoded(), ReadMetric.RUNS_READ, current.runsRead());
    }

    @Override
    protected void closeSlice() throws IOException {
      LidarSliceReader closing = current;
      current = null;
      closing.close();
    }

    @Override
    protected void closeWriter() {
      writer.close();
    }

    @Override
    public List<FieldVector> vectors() {
      return writer.vectors();
    }
  }
}
