package io.dataplug.spark;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

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
      columns[i] = rows == 0 ? new ReusedArrowColumnVector(vectors.get(i)) : column(vectors.get(i));
    }
    return new ColumnarBatch(columns, rows);
  }

  /**
   * A column Spark reads: flat primitive and string columns straight from the buffers' memory (see
   * {@link DirectColumn}), the others through Spark's {@link ArrowColumnVector}.
   */
  static ColumnVector column(FieldVector vector) {
    if (vector instanceof Float8Vector) {
      return new DirectDoubles(vector);
    } else if (vector instanceof BigIntVector) {
      return new DirectLongs(vector);
    } else if (vector instanceof IntVector) {
      return new DirectInts(vector);
    } else if (vector instanceof SmallIntVector) {
      return new DirectShorts(vector);
    } else if (vector instanceof TinyIntVector) {
      return new DirectBytes(vector);
    } else if (vector instanceof Float4Vector) {
      return new DirectFloats(vector);
    } else if (vector instanceof BitVector) {
      return new DirectBooleans(vector);
    } else if (vector instanceof VarCharVector || vector instanceof VarBinaryVector) {
      return new DirectStrings(vector);
    }
    return new ReusedArrowColumnVector(vector);
  }

  /**
   * A column whose vector the format's reader refills for the next batch and frees when it closes. Spark's
   * whole-stage code calls {@code closeIfFreeable()} on each batch it has consumed (Spark 3.5, in aggregations
   * among others), which for a plain {@link ArrowColumnVector} frees the buffers: every batch would then grow its
   * vectors again from nothing (measured: 40 % of a COG scan spent reallocating). Spark itself keeps its reused
   * vectors alive the same way.
   */
  static class ReusedArrowColumnVector extends ArrowColumnVector {
    ReusedArrowColumnVector(ValueVector vector) {
      super(vector);
    }

    @Override
    public void closeIfFreeable() {
      // the reader owns the vector: it resets it for the next batch and closes it in its own close()
    }
  }

  /**
   * A flat column of one batch read by address: Spark's {@code ArrowColumnVector} reaches each value through Arrow's
   * accessors, which check bounds, the buffer's reference count and (for {@code get}) nulls on every call: 40 % of a
   * LAS scan's time on one core went there (a sum of X, Y and Z over 10 million points: 1.05 s, 0.45 to 0.67 s with
   * Arrow's checks turned off for the whole JVM). Spark only reads rows below the batch's count, and the format's
   * reader keeps the buffers, whose addresses are taken when the batch is handed over, until the next batch.
   */
  abstract static class DirectColumn extends ReusedArrowColumnVector {
    final long validity;
    final long data;

    DirectColumn(FieldVector vector) {
      super(vector);
      validity = vector.getValidityBufferAddress();
      data = vector.getDataBufferAddress();
    }

    @Override
    public boolean isNullAt(int rowId) {
      return (Platform.getByte(null, validity + (rowId >>> 3)) & (1 << (rowId & 7))) == 0;
    }
  }

  static final class DirectDoubles extends DirectColumn {
    DirectDoubles(FieldVector vector) {
      super(vector);
    }

    @Override
    public double getDouble(int rowId) {
      return Platform.getDouble(null, data + 8L * rowId);
    }
  }

  static final class DirectFloats extends DirectColumn {
    DirectFloats(FieldVector vector) {
      super(vector);
    }

    @Override
    public float getFloat(int rowId) {
      return Platform.getFloat(null, data + 4L * rowId);
    }
  }

  static final class DirectLongs extends DirectColumn {
    DirectLongs(FieldVector vector) {
      super(vector);
    }

    @Override
    public long getLong(int rowId) {
      return Platform.getLong(null, data + 8L * rowId);
    }
  }

  static final class DirectInts extends DirectColumn {
    DirectInts(FieldVector vector) {
      super(vector);
    }

    @Override
    public int getInt(int rowId) {
      return Platform.getInt(null, data + 4L * rowId);
    }
  }

  static final class DirectShorts extends DirectColumn {
    DirectShorts(FieldVector vector) {
      super(vector);
    }

    @Override
    public short getShort(int rowId) {
      return Platform.getShort(null, data + 2L * rowId);
    }
  }

  static final class DirectBytes extends DirectColumn {
    DirectBytes(FieldVector vector) {
      super(vector);
    }

    @Override
    public byte getByte(int rowId) {
      return Platform.getByte(null, data + rowId);
    }
  }

  static final class DirectBooleans extends DirectColumn {
    DirectBooleans(FieldVector vector) {
      super(vector);
    }

    @Override
    public boolean getBoolean(int rowId) {
      return (Platform.getByte(null, data + (rowId >>> 3)) & (1 << (rowId & 7))) != 0;
    }
  }

  /** UTF-8 strings and binaries: 32-bit offsets, then the bytes. Strings point into the buffer, as Spark's do. */
  static final class DirectStrings extends DirectColumn {
    private final long offsets;

    DirectStrings(FieldVector vector) {
      super(vector);
      offsets = vector.getOffsetBufferAddress();
    }

    @Override
    public UTF8String getUTF8String(int rowId) {
      int start = Platform.getInt(null, offsets + 4L * rowId);
      int end = Platform.getInt(null, offsets + 4L * rowId + 4);
      return UTF8String.fromAddress(null, data + start, end - start);
    }

    @Override
    public byte[] getBinary(int rowId) {
      int start = Platform.getInt(null, offsets + 4L * rowId);
      int end = Platform.getInt(null, offsets + 4L * rowId + 4);
      byte[] bytes = new byte[end - start];
      Platform.copyMemory(null, data + start, bytes, Platform.BYTE_ARRAY_OFFSET, bytes.length);
      return bytes;
    }
  }
}
