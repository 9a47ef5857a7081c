package io.dataplug.formats.fastq;

import io.dataplug.formats.api.BatchReader;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.SliceReaderFactory;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.api.SlicedBatchReader;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/** Opens FASTQ slices as Arrow batches of the requested columns. */
record FastqReaderFactory(List<FastqColumn> columns, int batchSize) implements SliceReaderFactory {
  FastqReaderFactory {
    columns = List.copyOf(columns);
  }

  @Override
  public BatchReader open(BlobStore store, List<Slice> slices, BufferAllocator allocator) {
    return new Reader(store, slices, batchSize, new FastqBatchWriter(allocator, columns));
  }

  /** Resumes each slice at its checkpoint and fills the writer's vectors, which are reused from batch to batch. */
  private static final class Reader extends SlicedBatchReader<FileSlice> {
    private final BlobStore store;
    private final FastqBatchWriter writer;
    private FastqSliceReader current;
    private long checkpoint;

    Reader(BlobStore store, List<Slice> slices, int batchSize, FastqBatchWriter writer) {
      super(slices, batchSize);
      this.store = store;
      this.writer = writer;
    }

    @Override
    protected void openSlice(FileSlice slice) throws IOException {
      current = new FastqSliceReader(store, slice);
      writer.setSourceFile(slice.dataUri());
      checkpoint = slice.start() != null ? 1 : 0;
    }

    @Override
    protected int readBatch(int maxRows) throws IOException {
      writer.startBatch();
      int n = current.read(writer, maxRows);
      writer.finishBatch();
      return n;
    }

    @Override
    protected Map<ReadMetric, Long> openSliceMetrics() {
      return Map.of(ReadMetric.DATA_BYTES, current.dataBytesFetched(), ReadMetric.REQUESTS, current.dataRequests(),
          ReadMetric.INDEX_BYTES, current.indexBytesFetched(), ReadMetric.CHECKPOINTS, checkpoint);
    }

    @Override
    protected void closeSlice() throws IOException {
      FastqSliceReader closing = current;
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
