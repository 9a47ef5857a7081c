package io.dataplug.formats.api;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;

/**
 * The slice loop every format's {@link BatchReader} shares: opens the partition's slices one after another with the
 * format's slice reader, fills batches from the open one into the format's {@link BatchWriter}, counts what each
 * slice read once it is closed, and on {@link #close()} closes the open slice and then the writer, even after a
 * failed {@code next()}.
 *
 * @param <S> the format's slice type
 * @param <R> the format's reader of one slice
 */
public abstract class SlicedBatchReader<S extends Slice, R extends AutoCloseable> implements BatchReader {
  private final List<Slice> slices;
  private final int batchSize;
  private final BatchWriter writer;
  private final Map<ReadMetric, Long> closedSlices = new EnumMap<>(ReadMetric.class);
  private int nextSlice;
  private R current;
  private int rows;

  protected SlicedBatchReader(List<Slice> slices, int batchSize, BatchWriter writer) {
    this.slices = List.copyOf(slices);
    this.batchSize = batchSize;
    this.writer = writer;
  }

  /** Opens a slice (and readies the writer for its file); the previous one is closed. */
  protected abstract R openSlice(S slice) throws IOException;

  /** Fills a batch of at most {@code maxRows} rows from the slice; 0 when the slice is exhausted. */
  protected abstract int readBatch(R slice, int maxRows) throws IOException;

  /** Counters of a slice so far (added to the totals when it closes). */
  protected abstract Map<ReadMetric, Long> sliceMetrics(R slice);

  @Override
  @SuppressWarnings("unchecked")
  public final boolean next() throws IOException {
    while (true) {
      if (current == null) {
        if (nextSlice >= slices.size()) {
          rows = 0;
          return false;
        }
        current = openSlice((S) slices.get(nextSlice++));
        closedSlices.merge(ReadMetric.SLICES_OPENED, 1L, Long::sum);
      }
      int n = readBatch(current, batchSize);
      if (n > 0) {
        rows = n;
        closedSlices.merge(ReadMetric.ROWS, (long) n, Long::sum);
        return true;
      }
      endSlice();
    }
  }

  private void endSlice() throws IOException {
    if (current != null) {
      R closing = current;
      sliceMetrics(closing).forEach((k, v) -> closedSlices.merge(k, v, Long::sum));
      current = null;
      try {
        closing.close();
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }

  @Override
  public final List<FieldVector> vectors() {
    return writer.vectors();
  }

  @Override
  public final int rows() {
    return rows;
  }

  @Override
  public final Map<ReadMetric, Long> metrics() {
    Map<ReadMetric, Long> out = new EnumMap<>(closedSlices);
    if (current != null) {
      sliceMetrics(current).forEach((k, v) -> out.merge(k, v, Long::sum));
    }
    return out;
  }

  @Override
  public final void close() throws IOException {
    try {
      endSlice();
    } finally {
      writer.close();
    }
  }
}
