package io.dataplug.spark;

import io.dataplug.formats.las.LasBatchWriter;
import io.dataplug.formats.las.LidarColumn;
import io.dataplug.formats.las.LidarSlice;
import io.dataplug.formats.las.LidarSliceReader;
import io.dataplug.formats.storage.HadoopBlobStore;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads a partition's slices one after another into Arrow vectors that Spark reads without copying; the vectors
 * are reused between batches, and {@link #close()} closes them and then this reader's own allocator, which fails
 * loudly if any buffer leaked.
 */
final class LidarColumnarReader implements PartitionReader<ColumnarBatch> {
  private final List<LidarSlice> slices;
  private final HadoopBlobStore store;
  private final int batchSize;
  private final BufferAllocator allocator;
  private final LasBatchWriter writer;
  private int nextSlice;
  private LidarSliceReader current;
  private ColumnarBatch batch;
  private long points;
  private long dataBytes;
  private long requests;
  private long runs;

  LidarColumnarReader(LidarInputPartition partition, Configuration conf, List<LidarColumn> columns, int batchSize) {
    this.slices = partition.slices;
    this.store = new HadoopBlobStore(conf);
    this.batchSize = batchSize;
    this.allocator = ArrowAllocators.newReaderAllocator("lidar-partition-" + partition.index);
    try {
      this.writer = new LasBatchWriter(allocator, columns);
    } catch (RuntimeException e) {
      allocator.close();
      throw e;
    }
  }

  @Override
  public boolean next() throws IOException {
    while (true) {
      if (current == null) {
        if (nextSlice >= slices.size()) {
          return false;
        }
        LidarSlice slice = slices.get(nextSlice++);
        current = new LidarSliceReader(store, slice);
        writer.bind(slice.file());
      }
      writer.startBatch(batchSize);
      int n = current.read(writer, batchSize);
      writer.finishBatch();
      if (n > 0) {
        batch = ArrowAllocators.columnarBatch(writer.vectors(), n);
        return true;
      }
      closeCurrent();
    }
  }


  private void closeCurrent() throws IOException {
    if (current != null) {
      points += current.pointsDecoded();
      dataBytes += current.bytesFetched();
      requests += current.requests();
      runs += current.runsRead();
      LidarSliceReader closing = current;
      current = null;
      closing.close();
    }
  }

  @Override
  public ColumnarBatch get() {
    return batch;
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    LidarSliceReader live = current;
    return new CustomTaskMetric[] {
        FastqMetrics.task(FastqMetrics.DATA_BYTES, dataBytes + (live == null ? 0 : live.bytesFetched())),
        FastqMetrics.task(FastqMetrics.REQUESTS, requests + (live == null ? 0 : live.requests())),
        FastqMetrics.task(LidarMetrics.POINTS_DECODED, points + (live == null ? 0 : live.pointsDecoded())),
        FastqMetrics.task(LidarMetrics.RUNS_READ, runs + (live == null ? 0 : live.runsRead()))};
  }

  @Override
  public void close() throws IOException {
    batch = null;
    try {
      closeCurrent();
    } finally {
      try {
        writer.close();
      } finally {
        allocator.close();
      }
    }
  }
}
