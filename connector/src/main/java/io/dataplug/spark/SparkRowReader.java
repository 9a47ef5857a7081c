package io.dataplug.spark;

import java.io.IOException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Hands Spark the rows of a columnar reader's batches one at a time (option enableVectorizedReader=false). Each
 * consumed batch is freed the way Spark's ColumnarToRow frees it, so the columnar reader's buffer handling stays the
 * same in both modes. The row is a view into the batch, valid until the next call, as Spark's row readers allow.
 */
final class SparkRowReader implements PartitionReader<InternalRow> {
  private final PartitionReader<ColumnarBatch> batches;
  private ColumnarBatch batch;
  private int rowId;

  SparkRowReader(PartitionReader<ColumnarBatch> batches) {
    this.batches = batches;
  }

  @Override
  public boolean next() throws IOException {
    while (batch == null || ++rowId >= batch.numRows()) {
      if (batch != null) {
        batch.closeIfFreeable();
        batch = null;
      }
      if (!batches.next()) {
        return false;
      }
      batch = batches.get();
      rowId = -1;
    }
    return true;
  }

  @Override
  public InternalRow get() {
    return batch.getRow(rowId);
  }

  @Override
  public org.apache.spark.sql.connector.metric.CustomTaskMetric[] currentMetricsValues() {
    return batches.currentMetricsValues();
  }

  @Override
  public void close() throws IOException {
    batch = null;
    batches.close();
  }
}
