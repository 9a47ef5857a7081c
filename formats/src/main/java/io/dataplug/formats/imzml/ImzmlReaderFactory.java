package io.dataplug.formats.imzml;

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

/** Opens imzML slices: each slice's spectra by ranged reads of the {@code .ibd}, as Arrow batches. */
record ImzmlReaderFactory(ImzmlSchema schema, List<String> columns, MzRange mzRange, int batchSize)
    implements SliceReaderFactory {
  ImzmlReaderFactory {
    columns = List.copyOf(columns);
  }

  @Override
  public BatchReader open(BlobStore store, List<Slice> slices, BufferAllocator allocator) {
    ImzmlBatchWriter writer = new ImzmlBatchWriter(allocator, schema, columns);
    return new SlicedBatchReader<ImzmlSlice, ImzmlSliceReader>(slices, batchSize, writer) {
      @Override
      protected ImzmlSliceReader openSlice(ImzmlSlice slice) throws IOException {
        writer.startSlice(slice.imzmlUri());
        return new ImzmlSliceReader(store, slice, mzRange, writer.needsArrays(), !schema.doubleIntensity());
      }

      @Override
      protected int readBatch(ImzmlSliceReader slice, int maxRows) throws IOException {
        writer.startBatch();
        int n = slice.read(writer, maxRows);
        writer.finishBatch();
        return n;
      }

      @Override
      protected Map<ReadMetric, Long> sliceMetrics(ImzmlSliceReader slice) {
        return Map.of(ReadMetric.DATA_BYTES, slice.bytesFetched(), ReadMetric.REQUESTS, slice.requests(),
            ReadMetric.RUNS_READ, (long) slice.spectraRead());
      }
    };
  }
}
