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
   * Appends one cell: its global index per dimension, the coordinate values (null where a dimension has none) and
   * element {@code elements[a]} of each data array's decoded chunk.
   */
  void cell(long[] index, ByteBuffer[] coordinates, ByteBuffer[] chunks, int[] elements) {
    int row = rows++;
    for (int d = 0; d < dimVectors.length; d++) {
      FieldVector v = dimVectors[d];
      if (v == null) {
        continue;
      }
      ZarrArray coordinate = schema.coordinates().get(d);
      if (coordinate == null) {
        ((BigIntVector) v).setSafe(row, index[d]);
      } else {
        ZarrColumn.set(v, coordinate, coordinates[d], (int) index[d], row);
      }
    }
    for (int a = 0; a < dataVectors.length; a++) {
      if (dataVectors[a] != null) {
        ZarrColumn.set(dataVectors[a], schema.data().get(a), chunks[a], elements[a], row);
      }
    }
  }
}
