package io.dataplug.spark;

import io.dataplug.formats.api.BatchReader;
import io.dataplug.formats.api.SliceReaderFactory;
import io.dataplug.formats.storage.HadoopBlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Hands Spark the format's Arrow batches without copying. Owns one child allocator: {@link #close()} closes the
 * format's reader and then the allocator, which fails loudly if any buffer leaked.
 */
final class SparkColumnarReader implements PartitionReader<ColumnarBatch> {
  private final BufferAllocator allocator;
  private final BatchReader reader;
  private ColumnarBatch batch;

  SparkColumnarReader(SparkInputPartition partition, Configuration conf, SliceReaderFactory readers) {
    this.allocator = ArrowAllocators.newReaderAllocator("dataplug-partition-" + partition.index);
    try {
      this.reader = readers.open(new HadoopBlobStore(conf), partition.slices, allocator);
    } catch (IOException e) {
      allocator.close();
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (RuntimeException e) {
      allocator.close();
      throw e;
    }
  }

  @Override
  public boolean next() throws IOException {
    if (!reader.next()) {
      batch = null;
      return false;
    }
    batch = ArrowAllocators.columnarBatch(reader.vectors(), reader.rows());
    return true;
  }

  @Override
  public ColumnarBatch get() {
    return batch;
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return ScanMetrics.values(reader.metrics());
  }

  @Override
  public void close() throws IOException {
    // Spark does not close the batches it was given: the vectors belong to the format's reader, closed here.
    batch = null;
    try {
      reader.close();
    } finally {
      allocator.close();
    }
  }
}
