package io.dataplug.formats.fastq;

import io.dataplug.formats.api.BatchReader;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.api.SliceReaderFactory;
import io.dataplug.formats.api.SlicedBatchReader;
import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/** Opens FASTQ slices as Arrow batches of the requested columns. */
record FastqReaderFactory(List<FastqColumn> columns, int batchSize, QualityEncoding encoding, InflaterEngine inflater)
    implements SliceReaderFactory {
  FastqReaderFactory {
    columns = List.copyOf(columns);
  }

  @Override
  public BatchReader open(BlobStore store, List<Slice> slices, BufferAllocator allocator) {
    FastqBatchWriter writer = new FastqBatchWriter(allocator, columns, encoding);
    return new SlicedBatchReader<FileSlice, FastqSliceReader>(slices, batchSize, writer) {
      @Override
      protected FastqSliceReader openSlice(FileSlice slice) throws IOException {
        FastqSliceReader reader = new FastqSliceReader(store, slice, inflater);
        writer.setSourceFile(slice.dataUri());
        return reader;
      }

      @Override
      protected int readBatch(FastqSliceReader slice, int maxRows) throws IOException {
        writer.startBatch();
        int n = slice.read(writer, maxRows);
        writer.finishBatch();
        return n;
      }

      @Override
      protected Map<ReadMetric, Long> sliceMetrics(FastqSliceReader slice) {
        return slice.input().metrics();
      }
    };
  }
}
