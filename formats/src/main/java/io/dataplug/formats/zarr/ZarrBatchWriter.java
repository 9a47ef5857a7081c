package io.dataplug.formats.zarr;

import io.dataplug.formats.api.ArrowBatchWriter;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes cells as rows (layout cells): per dimension its coordinate (or index), per data array its value; columns
 * not asked for are not written.
 */
final class ZarrBatchWriter extends ArrowBatchWriter {
  private final ZarrSchema schema;
  /** Per dimension and per data array, the vector of its column, or null when not asked for. */
  private final FieldVector[] dimVectors;
  private final FieldVector[] dataVectors;

  ZarrBatchWriter(BufferAllocator allocator, ZarrSchema schema, List<String> columns) {
    this.schema = schema;
    this.dimVectors = new FieldVector[schema.dims().size()];
    this.dataVectors = new FieldVector[schema.dataNames().size()];
    Schema arrow = schema.arrow();
    try {
      for (String name : columns) {
        FieldVector v = allocate(arrow.findField(name), allocator);
        int d = schema.dims().indexOf(name);
        if (d >= 0) {
          dimVectors[d] = v;
        } else {
          dataVectors[schema.dataIndex(name)] = v;
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Appends {@code count} cells that follow each other along the last dimension from global index {@code index}: the
   * other dimensions' values repeat, the last one's and each data array's are runs ({@code elements[a]} the first
   * cell's element, {@code steps[a]} apart), copied in one piece where the stored bytes are the column's values.
   */
  void run(long[] index, int count, ByteBuffer[] coordinates, ByteBuffer[] chunks, int[] elements, int[] steps) {
    int row = rows;
    int last = index.length - 1;
    for (int d = 0; d < dimVectors.length; d++) {
      FieldVector v = dimVectors[d];
      if (v == null) {
        continue;
      }
      ZarrArray coordinate = schema.coordinates().get(d);
      if (d == last && coordinate != null) {
        ZarrColumn.copyRun(v, coordinate, coordinates[d], (int) index[d], row, count);
        continue;
      }
      for (int i = 0; i < count; i++) {
        if (coordinate == null) {
          ((BigIntVector) v).setSafe(row + i, d == last ? index[d] + i : index[d]);
        } else {
          ZarrColumn.set(v, coordinate, coordinates[d], (int) index[d], row + i);
        }
      }
    }
    for (int a = 0; a < dataVectors.length; a++) {
      FieldVector v = dataVectors[a];
      if (v == null) {
        continue;
      }
      ZarrArray array = schema.data().get(a);
      if (steps[a] == 1) {
        ZarrColumn.copyRun(v, array, chunks[a], elements[a], row, count);
      } else {
        for (int i = 0; i < count; i++) {
          ZarrColumn.set(v, array, chunks[a], elements[a] + i * steps[a], row + i);
        }
      }
    }
    rows += count;
  }
}
