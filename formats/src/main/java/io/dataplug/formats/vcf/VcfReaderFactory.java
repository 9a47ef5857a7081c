package io.dataplug.formats.vcf;

import io.dataplug.formats.api.BatchReader;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.api.SliceReaderFactory;
import io.dataplug.formats.api.SlicedBatchReader;
import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/** Opens VCF slices as Arrow batches of the requested columns. */
record VcfReaderFactory(VcfSchema schema, List<String> columns, int batchSize, VcfFormat.Stringency stringency,
    InflaterEngine inflater)
    implements SliceReaderFactory {
  VcfReaderFactory {
    columns = List.copyOf(columns);
  }

  @Override
  public BatchReader open(BlobStore store, List<Slice> slices, BufferAllocator allocator) {
    VcfBatchWriter writer = new VcfBatchWriter(allocator, schema, columns);
    return new SlicedBatchReader<VcfSlice, VcfSliceReader>(slices, batchSize, writer) {
      @Override
      protected VcfSliceReader openSlice(VcfSlice slice) throws IOException {
        VcfSliceReader reader = new VcfSliceReader(store, slice, stringency, inflater);
        writer.startFile(slice.header(), slice.samples());
        return reader;
      }

      @Override
      protected int readBatch(VcfSliceReader slice, int maxRows) throws IOException {
        writer.startBatch();
        int n = slice.read(writer, maxRows);
        writer.finishBatch();
        return n;
      }

      @Override
      protected Map<ReadMetric, Long> sliceMetrics(VcfSliceReader slice) {
        Map<ReadMetric, Long> metrics = new EnumMap<>(slice.input().metrics());
        metrics.put(ReadMetric.MALFORMED_SKIPPED, slice.skipped());
        return metrics;
      }
    };
  }
}
