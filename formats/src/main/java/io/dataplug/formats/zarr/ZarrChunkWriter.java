package io.dataplug.formats.zarr;

import io.dataplug.formats.api.ArrowBatchWriter;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
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
   * {@code elements[a]} is null where the chunk's values are copied as stored ({@link #storedAsColumn}).
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
      if (storedAsColumn(array)) {
        copy((BaseFixedWidthVector) values, chunks[a], at, extent, cells, array);
      } else {
        for (int i = 0; i < cells; i++) {
          ZarrColumn.set(values, array, chunks[a], elements[a][i], at + i);
        }
      }
      v.endValue(row, cells);
    }
  }

  /**
   * Whether a chunk's decoded bytes are already its column's values, row after row: C order (or one dimension),
   * little-endian signed integers or float32/64, CF decoding at most masking values (no scaling, no times).
   */
  static boolean storedAsColumn(ZarrArray array) {
    ZarrDtype t = array.dtype();
    ZarrCf cf = array.cf();
    return (cf == null || !cf.scales() && !cf.times()) && !t.bigEndian() && (array.rank() == 1 || !array.fortran())
        && (t.kind() == 'i' || t.kind() == 'f' && t.size() >= 4);
  }

  /**
   * Copies the chunk's values inside {@code extent} into the column's data buffer at {@code at}: the whole chunk at
   * once, or an edge chunk by its contiguous runs along the last dimension; all valid but the ones CF decoding masks
   * (fill value, missing_value).
   */
  private static void copy(BaseFixedWidthVector values, ByteBuffer chunk, int at, int[] extent, int cells,
      ZarrArray array) {
    int size = array.dtype().size();
    while (values.getValueCapacity() < at + cells) {
      values.reAlloc();
    }
    ArrowBuf data = values.getDataBuffer();
    ArrowBuf validity = values.getValidityBuffer();
    ArrowBatchWriter.setValid(validity, at, cells);
    ZarrCf cf = array.cf();
    boolean masks = cf != null && cf.missing().length > 0;
    int rank = extent.length;
    int[] shape = array.chunks();
    if (cells == array.chunkElements()) {
      data.setBytes((long) at * size, chunk.array(), 0, (long) cells * size);
      if (masks) {
        mask(validity, at, chunk, 0, cells, array.dtype(), cf);
      }
      return;
    }
    long[] stride = new long[rank];
    stride[rank - 1] = 1;
    for (int d = rank - 2; d >= 0; d--) {
      stride[d] = stride[d + 1] * shape[d + 1];
    }
    int run = extent[rank - 1];
    int[] outer = new int[rank];
    int dest = at;
    while (true) {
      int from = 0;
      for (int d = 0; d < rank - 1; d++) {
        from += (int) (outer[d] * stride[d]);
      }
      data.setBytes((long) dest * size, chunk.array(), from * size, (long) run * size);
      if (masks) {
        mask(validity, dest, chunk, from, run, array.dtype(), cf);
      }
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

  /**
   * Clears the validity of the values CF decoding masks among {@code count} values of the decoded chunk from element
   * {@code from}, written at {@code dest}; NaN alone (xarray's usual fill) by a typed compare.
   */
  private static void mask(ArrowBuf validity, int dest, ByteBuffer chunk, int from, int count, ZarrDtype t,
      ZarrCf cf) {
    boolean nanOnly = cf.missing().length == 1 && cf.missesNaN();
    if (nanOnly && t.kind() == 'f' && t.size() == 4) {
      for (int i = 0; i < count; i++) {
        float v = chunk.getFloat((from + i) << 2);
        if (v != v) {
          BitVectorHelper.unsetBit(validity, dest + i);
        }
      }
      return;
    }
    if (nanOnly && t.kind() == 'f') {
      for (int i = 0; i < count; i++) {
        double v = chunk.getDouble((from + i) << 3);
        if (v != v) {
          BitVectorHelper.unsetBit(validity, dest + i);
        }
      }
      return;
    }
    for (int i = 0; i < count; i++) {
      if (cf.isMissing(Numbers.getDouble(chunk, t, from + i))) {
        BitVectorHelper.unsetBit(validity, dest + i);
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
