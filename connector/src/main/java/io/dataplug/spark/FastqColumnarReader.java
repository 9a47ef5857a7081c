package io.dataplug.spark;

import io.dataplug.formats.fastq.FastqBatchWriter;
import io.dataplug.formats.fastq.FastqColumn;
import io.dataplug.formats.fastq.FastqSliceReader;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.storage.HadoopBlobStore;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads a partition's slices one after another into Arrow vectors that Spark reads without copying. The vectors
 * are reused from batch to batch; {@link #close()} closes them and then this reader's own allocator, which fails
 * loudly if any buffer leaked.
 */
final class FastqColumnarReader implements PartitionReader<ColumnarBatch> {
  private final List<FileSlice> slices;
  private final HadoopBlobStore store;
  private final int batchSize;
  private final BufferAllocator allocator;
  private final FastqBatchWriter writer;
  private int nextSlice;
  private FastqSliceReader current;
  private ColumnarBatch batch;
  private long records;
  private long dataBytes;
  private long requests;
  private long indexBytes;
  private long checkpoints;

  FastqColumnarReader(FastqInputPartition partition, Configuration conf, List<FastqColumn> columns, int batchSize) {
    this.slices = partition.slices;
    this.store = new HadoopBlobStore(conf);
    this.batchSize = batchSize;
    this.allocator = ArrowAllocators.newReaderAllocator("fastq-partition-" + partition.index);
    try {
      this.writer = new FastqBatchWriter(allocator, columns);
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
        FileSlice slice = slices.get(nextSlice++);
        current = new FastqSliceReader(store, slice);
        writer.setSourceFile(slice.dataUri());
        if (slice.start() != null) {
          checkpoints++;
        }
      }
      writer.startBatch();
      int n = current.read(writer, batchSize);
      writer.finishBatch();
      if (n > 0) {
        records += n;
        batch = ArrowAllocators.columnarBatch(writer.vectors(), n);
        return true;
      }
      closeCurrent();
    }
  }


  private void closeCurrent() throws IOException {
    if (current != null) {
      dataBytes += current.dataBytesFetched();
      requests += current.dataRequests();
      indexBytes += current.indexBytesFetched();
      FastqSliceReader closing = current;
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
    long liveData = current == null ? 0 : current.dataBytesFetched();
    long liveRequests = current == null ? 0 : current.dataRequests();
    long liveIndex = current == null ? 0 : current.indexBytesFetched();
    return new CustomTaskMetric[] {
        FastqMetrics.task(FastqMetrics.RECORDS, records),
        FastqMetrics.task(FastqMetrics.DATA_BYTES, dataBytes + liveData),
        FastqMetrics.task(FastqMetrics.REQUESTS, requests + liveRequests),
        FastqMetrics.task(FastqMetrics.INDEX_BYTES, indexBytes + liveIndex),
        FastqMetrics.task(FastqMetrics.CHECKPOINTS, checkpoints)};
  }

  @Override
  public void close() throws IOException {
    // Spark does not close the batches it was given: the vectors belong to the writer, closed here.
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
