package io.dataplug.formats.fastq;

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

/** Opens paired FASTQ slices as Arrow batches. */
record PairedReaderFactory(List<String> columns, int batchSize, QualityEncoding encoding, InflaterEngine inflater)
    implements SliceReaderFactory {
  PairedReaderFactory {
    columns = List.copyOf(columns);
  }

  @Override
  public BatchReader open(BlobStore store, List<Slice> slices, BufferAllocator allocator) {
    PairedBatchWriter writer = new PairedBatchWriter(allocator, columns, encoding);
    return new SlicedBatchReader<PairedSlice, PairedSliceReader>(slices, batchSize, writer) {
      @Override
      protected PairedSliceReader openSlice(PairedSlice slice) throws IOException {
        return new PairedSliceReader(store, slice, inflater);
      }

      @Override
      protected int readBatch(PairedSliceReader slice, int maxRows) throws IOException {
        writer.startBatch();
        int n = slice.read(writer, maxRows);
        writer.finishBatch();
        return n;
      }

      @Override
      protected Map<ReadMetric, Long> sliceMetrics(PairedSliceReader slice) {
        return slice.metrics();
      }
    };
  }
}
