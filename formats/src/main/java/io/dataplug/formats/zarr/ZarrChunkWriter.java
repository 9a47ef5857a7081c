package io.dataplug.formats.zarr;

import io.dataplug.formats.api.ArrowBatchWriter;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVectorHelper;
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
        copy((BaseFixedWidthVector) values, chunks[a], at, cells, array);
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
   * order, little-endian signed integers or float32/64, CF decoding at most masking values (no scaling, no times).
   */
  static boolean storedAsColumn(ZarrArray array, int cells) {
    ZarrDtype t = array.dtype();
    ZarrCf cf = array.cf();
    return (cf == null || !cf.scales() && !cf.times()) && !t.bigEndian() && cells == array.chunkElements()
        && (array.rank() == 1 || !array.fortran())
        && (t.kind() == 'i' || t.kind() == 'f' && t.size() >= 4);
  }

  /**
   * Copies {@code cells} values straight into the column's data buffer at {@code at}; all valid but the ones CF
   * decoding masks (fill value, missing_value).
   */
  private static void copy(BaseFixedWidthVector values, ByteBuffer chunk, int at, int cells, ZarrArray array) {
    int size = array.dtype().size();
    while (values.getValueCapacity() < at + cells) {
      values.reAlloc();
    }
    values.getDataBuffer().setBytes((long) at * size, chunk.array(), 0, (long) cells * size);
    ArrowBatchWriter.setValid(values.getValidityBuffer(), at, cells);
    ZarrCf cf = array.cf();
    if (cf == null || cf.missing().length == 0) {
      return;
    }
    ZarrDtype t = array.dtype();
    for (int i = 0; i < cells; i++) {
      if (cf.isMissing(Numbers.getDouble(chunk, t, i))) {
        BitVectorHelper.unsetBit(values.getValidityBuffer(), at + i);
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
