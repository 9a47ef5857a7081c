package io.dataplug.formats.zarr;

import io.dataplug.formats.api.ArrowBatchWriter;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.Schema;

/** Writes chunks as rows (layout chunks): index, origin and shape, then each array's values in C order. */
final class ZarrChunkWriter extends ArrowBatchWriter {
  private final ZarrSchema schema;
  private ListVector chunk;
  private ListVector origin;
  private ListVector shape;
  private final ListVector[] dataVectors;

  ZarrChunkWriter(BufferAllocator allocator, ZarrSchema schema, List<String> columns) {
    this.schema = schema;
    this.dataVectors = new ListVector[schema.data().size()];
    Schema arrow = schema.arrow();
    try {
      for (String name : columns) {
        ListVector v = (ListVector) allocate(arrow.findField(name), allocator);
        switch (name) {
          case ZarrSchema.CHUNK -> chunk = v;
          case ZarrSchema.ORIGIN -> origin = v;
          case ZarrSchema.SHAPE -> shape = v;
          default -> dataVectors[schema.dataIndex(name)] = v;
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Appends one chunk; {@code elements[a][i]} is cell i's (C order of the extent) position in array a's chunk, or
   * {@code elements[a]} is null where the chunk's values are copied as stored ({@link #copiesStored}).
   */
  void chunk(long[] index, long[] chunkOrigin, int[] extent, ByteBuffer[] chunks, int[][] elements, int cells) {
    int row = rows++;
    longs(chunk, row, index);
    longs(origin, row, chunkOrigin);
    if (shape != null) {
      int at = shape.startNewValue(row);
      IntVector values = (IntVector) shape.getDataVector();
      for (int d = 0; d < extent.length; d++) {
        values.setSafe(at + d, extent[d]);
      }
      shape.endValue(row, extent.length);
    }
    for (int a = 0; a < dataVectors.length; a++) {
      ListVector v = dataVectors[a];
      if (v == null) {
        continue;
      }
      int at = v.startNewValue(row);
      FieldVector values = v.getDataVector();
      ZarrArray array = schema.data().get(a);
      if (copiesStored(array)) {
        copy((BaseFixedWidthVector) values, chunks[a], at, extent, cells, array);
      } else {
        for (int i = 0; i < cells; i++) {
          ZarrColumn.set(values, array, chunks[a], elements[a][i], at + i);
        }
      }
      v.endValue(row, cells);
    }
  }

  /** Whether a chunk's values are copied as stored: its bytes are the column's values, in C order. */
  static boolean copiesStored(ZarrArray array) {
    return ZarrColumn.storedAsColumn(array) && (array.rank() == 1 || !array.fortran());
  }

  /**
   * Copies the chunk's values inside {@code extent} into the column at {@code at}: the whole chunk at once, or an
   * edge chunk by its contiguous runs along the last dimension.
   */
  private static void copy(BaseFixedWidthVector values, ByteBuffer chunk, int at, int[] extent, int cells,
      ZarrArray array) {
    if (cells == array.chunkElements()) {
      ZarrColumn.copyRun(values, array, chunk, 0, at, cells);
      return;
    }
    int rank = extent.length;
    int[] stride = Regridded.strides(array.chunks(), false);
    int run = extent[rank - 1];
    int[] outer = new int[rank];
    int dest = at;
    while (true) {
      int from = 0;
      for (int d = 0; d < rank - 1; d++) {
        from += outer[d] * stride[d];
      }
      ZarrColumn.copyRun(values, array, chunk, from, dest, run);
      dest += run;
      int d = rank - 2;
      while (d >= 0 && ++outer[d] == extent[d]) {
        outer[d--] = 0;
      }
      if (d < 0) {
        break;
      }
    }
  }

  private static void longs(ListVector v, int row, long[] values) {
    if (v == null) {
      return;
    }
    int at = v.startNewValue(row);
    BigIntVector data = (BigIntVector) v.getDataVector();
    for (int d = 0; d < values.length; d++) {
      data.setSafe(at + d, values[d]);
    }
    v.endValue(row, values.length);
  }
}
