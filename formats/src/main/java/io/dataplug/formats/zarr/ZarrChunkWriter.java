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
          default -> {
            int a = schema.dataNames().indexOf(name);
            if (a < 0) {
              throw new IllegalArgumentException("No Zarr column named '" + name + "'");
            }
            dataVectors[a] = v;
          }
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  boolean needsData() {
    for (ListVector v : dataVectors) {
      if (v != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Appends one chunk; {@code elements[a][i]} is cell i's (C order of the extent) position in array a's chunk, or
   * {@code elements[a]} is null where the chunk is copied as stored ({@link #storedAsColumn}).
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
      if (storedAsColumn(array, cells)) {
        copy((BaseFixedWidthVector) values, chunks[a].array(), at, cells, array.dtype().size());
      } else {
        for (int i = 0; i < cells; i++) {
          ZarrColumn.set(values, array, chunks[a], elements[a][i], at + i);
        }
      }
      v.endValue(row, cells);
    }
  }

  /**
   * Whether a chunk's decoded bytes are already its column's values: a whole chunk (not clipped at an edge) in C
   * order, little-endian signed integers or float32/64, no CF decoding.
   */
  static boolean storedAsColumn(ZarrArray array, int cells) {
    ZarrDtype t = array.dtype();
    return array.cf() == null && !t.bigEndian() && cells == array.chunkElements()
        && (array.rank() == 1 || !array.fortran())
        && (t.kind() == 'i' || t.kind() == 'f' && t.size() >= 4);
  }

  /** Copies {@code cells} values straight into the column's data buffer at {@code at}, all valid. */
  private static void copy(BaseFixedWidthVector values, byte[] chunk, int at, int cells, int size) {
    while (values.getValueCapacity() < at + cells) {
      values.reAlloc();
    }
    values.getDataBuffer().setBytes((long) at * size, chunk, 0, (long) cells * size);
    ArrowBatchWriter.setValid(values.getValidityBuffer(), at, cells);
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
