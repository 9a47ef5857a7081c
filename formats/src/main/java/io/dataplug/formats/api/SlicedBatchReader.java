package io.dataplug.formats.api;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The slice loop every format's {@link BatchReader} shares: opens the partition's slices one after another, fills
 * batches from the open one, counts what each slice read once it is closed, and on {@link #close()} closes the open
 * slice and then the format's batch writer, even after a failed {@code next()}.
 *
 * @param <S> the format's slice type
 */
public abstract class SlicedBatchReader<S extends Slice> implements BatchReader {
  private final List<Slice> slices;
  private final int batchSize;
  private final Map<ReadMetric, Long> closedSlices = new EnumMap<>(ReadMetric.class);
  private int nextSlice;
  private boolean sliceOpen;
  private int rows;

  protected SlicedBatchReader(List<Slice> slices, int batchSize) {
    this.slices = List.copyOf(slices);
    this.batchSize = batchSize;
  }

  /** Opens a slice; the previous one is closed. */
  protected abstract void openSlice(S slice) throws IOException;

  /** Fills a batch of at most {@code maxRows} rows from the open slice; 0 when the slice is exhausted. */
  protected abstract int readBatch(int maxRows) throws IOException;

  /** Counters of the open slice so far (added to the totals when it closes). */
  protected abstract Map<ReadMetric, Long> openSliceMetrics();

  /** Closes the open slice. */
  protected abstract void closeSlice() throws IOException;

  /** Closes the batch writer and its vectors. */
  protected abstract void closeWriter();

  @Override
  @SuppressWarnings("unchecked")
  public final boolean next() throws IOException {
    while (true) {
      if (!sliceOpen) {
        if (nextSlice >= slices.size()) {
          rows = 0;
          return false;
        }
        S slice = (S) slices.get(nextSlice++);
        openSlice(slice);
        sliceOpen = true;
        closedSlices.merge(ReadMetric.SLICES_OPENED, 1L, Long::sum);
      }
      int n = readBatch(batchSize);
      if (n > 0) {
        rows = n;
        closedSlices.merge(ReadMetric.ROWS, (long) n, Long::sum);
        return true;
      }
      endSlice();
    }
  }

  private void endSlice() throws IOException {
    if (sliceOpen) {
      openSliceMetrics().forEach((k, v) -> closedSlices.merge(k, v, Long::sum));
      sliceOpen = false;
      closeSlice();
    }
  }

  @Override
  public final int rows() {
    return rows;
  }

  @Override
  public final Map<ReadMetric, Long> metrics() {
    Map<ReadMetric, Long> out = new EnumMap<>(closedSlices);
    if (sliceOpen) {
      openSliceMetrics().forEach((k, v) -> out.merge(k, v, Long::sum));
    }
    return out;
  }

  @Override
  public final void close() throws IOException {
    try {
      endSlice();
    } finally {
      closeWriter();
    }
  }
}
