package io.dataplug.formats.fasta;

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

/** Opens FASTA slices as Arrow batches of the requested columns. */
record FastaReaderFactory(boolean sourceFile, List<String> columns, int batchSize, int pieceLength)
    implements SliceReaderFactory {
  /** Sequence bytes per batch: rows of long pieces come fewer to a batch. */
  private static final int BYTES_PER_BATCH = 16 << 20;

  FastaReaderFactory {
    columns = List.copyOf(columns);
  }

  @Override
  public BatchReader open(BlobStore store, List<Slice> slices, BufferAllocator allocator) {
    FastaBatchWriter writer = new FastaBatchWriter(allocator, FastaFormat.schema(sourceFile), columns);
    int rowsPerBatch = writer.wantsSequence() ? Math.max(1, Math.min(batchSize, BYTES_PER_BATCH / pieceLength))
        : batchSize;
    return new SlicedBatchReader<Slice, PieceReader>(slices, rowsPerBatch, writer) {
      @Override
      protected PieceReader openSlice(Slice slice) throws IOException {
        return slice instanceof FastaSlice pieces ? new FastaSliceReader(store, pieces)
            : new FastaSequentialReader(store, (FastaSequentialReader.WholeFile) slice, pieceLength);
      }

      @Override
      protected int readBatch(PieceReader slice, int maxRows) throws IOException {
        writer.startBatch();
        int n = slice.read(writer, maxRows);
        writer.finishBatch();
        return n;
      }

      @Override
      protected Map<ReadMetric, Long> sliceMetrics(PieceReader slice) {
        return slice.metrics();
      }
    };
  }
}
