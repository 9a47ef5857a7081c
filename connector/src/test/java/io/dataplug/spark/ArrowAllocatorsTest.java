package io.dataplug.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.junit.jupiter.api.Test;

class ArrowAllocatorsTest {
  /**
   * Spark calls closeIfFreeable() on every batch its generated code has consumed; the reader reuses its vectors for
   * the next batch, so that call must leave their buffers alone (else each batch regrows them from nothing).
   */
  @Test
  void aBatchSparkHasConsumedKeepsTheReadersBuffers() {
    try (BufferAllocator allocator = ArrowAllocators.newReaderAllocator("test");
        IntVector vector = new IntVector("n", allocator)) {
      vector.allocateNew(100_000);
      for (int i = 0; i < 100_000; i++) {
        vector.set(i, i);
      }
      vector.setValueCount(100_000);
      long held = allocator.getAllocatedMemory();
      ColumnarBatch batch = ArrowAllocators.columnarBatch(java.util.List.of(vector), 100_000);
      batch.closeIfFreeable();
      assertThat(allocator.getAllocatedMemory()).isEqualTo(held);
      assertThat(vector.getValueCapacity()).isGreaterThanOrEqualTo(100_000);
      assertThat(batch.column(0).getInt(99_999)).isEqualTo(99_999);
    }
  }
}
