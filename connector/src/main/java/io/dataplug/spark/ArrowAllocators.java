package io.dataplug.spark;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * One Arrow root allocator per JVM; every reader takes a child of it and closes that child when done. Also wraps a
 * reader's vectors as the batch Spark reads without copying.
 */
final class ArrowAllocators {
  static final BufferAllocator ROOT = new RootAllocator(Long.MAX_VALUE);

  private ArrowAllocators() {}

  static BufferAllocator newReaderAllocator(String name) {
    return ROOT.newChildAllocator(name, 0, Long.MAX_VALUE);
  }

  static ColumnarBatch columnarBatch(List<FieldVector> vectors, int rows) {
    ColumnVector[] columns = new ColumnVector[vectors.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = new ReusedArrowColumnVector(vectors.get(i));
    }
    return new ColumnarBatch(columns, rows);
  }

  /**
   * A column whose vector the format's reader refills for the next batch and frees when it closes. Spark's
   * whole-stage code calls {@code closeIfFreeable()} on each batch it has consumed (Spark 3.5, in aggregations
   * among others), which for a plain {@link ArrowColumnVector} frees the buffers: every batch would then grow its
   * vectors again from nothing (measured: 40 % of a COG scan spent reallocating). Spark itself keeps its reused
   * vectors alive the same way.
   */
  static final class ReusedArrowColumnVector extends ArrowColumnVector {
    ReusedArrowColumnVector(ValueVector vector) {
      super(vector);
    }

    @Override
    public void closeIfFreeable() {
      // the reader owns the vector: it resets it for the next batch and closes it in its own close()
    }
  }
}
