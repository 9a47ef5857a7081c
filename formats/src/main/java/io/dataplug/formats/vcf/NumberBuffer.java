package io.dataplug.formats.vcf;

import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * The values of one numeric column (32-bit integers or doubles; one value or a list per index) for one batch, kept
 * in Java arrays while lines are parsed and copied into the column's Arrow vectors in bulk when the batch is
 * finished. Arrow's per-value safe setters and list bookkeeping cost more than parsing the value: in a genotype scan
 * {@code ListVector.startNewValue} alone took a fifth of the time.
 *
 * <p>Indexes are written in increasing order from 0, each once per batch (a value, a list or null). A line that
 * fails half way is undone by {@link #undoFrom} with its first index, and the next line writes over it.
 */
final class NumberBuffer {
  private final FieldVector vector;
  private final BaseFixedWidthVector values;
  private final boolean isList;
  private final boolean doubles;

  /** The values (for a list, its elements): {@code ints} for an integer column, {@code reals} for a float one. */
  private int[] ints;
  private double[] reals;
  private int capacity = 1024;
  private final BitBuffer valid = new BitBuffer();
  /** A list's elements of index i are at positions offsets[i] to offsets[i + 1] - 1. */
  private int[] offsets;
  private final BitBuffer listValid;

  NumberBuffer(FieldVector vector) {
    this.vector = vector;
    this.isList = vector instanceof ListVector;
    this.values = (BaseFixedWidthVector) (isList ? ((ListVector) vector).getDataVector() : vector);
    this.doubles = values instanceof Float8Vector;
    this.ints = doubles ? null : new int[capacity];
    this.reals = doubles ? new double[capacity] : null;
    this.offsets = isList ? new int[1025] : null;
    this.listValid = isList ? new BitBuffer() : null;
  }

  boolean doubles() {
    return doubles;
  }

  void setNull(int index) {
    if (isList) {
      ensureIndex(index);
      offsets[index + 1] = offsets[index];
      listValid.clear(index);
    } else {
      ensureValue(index);
      valid.clear(index);
    }
  }

  /** The value of a scalar column's index, or of a list element at its position. */
  void set(int position, int value) {
    ensureValue(position);
    ints[position] = value;
  }

  void set(int position, double value) {
    ensureValue(position);
    reals[position] = value;
  }

  /** Starts the list of {@code index}; returns the position of its first element. */
  int startList(int index) {
    ensureIndex(index);
    return offsets[index];
  }

  void nullElement(int position) {
    ensureValue(position);
    valid.clear(position);
  }

  void endList(int index, int elements) {
    offsets[index + 1] = offsets[index] + elements;
  }

  /** Forgets what was written at {@code index} and after: a batch starts (0), or a line failed half way. */
  void undoFrom(int index) {
    if (isList) {
      listValid.setOnesFrom(index);
      valid.setOnesFrom(offsets[index]);
    } else {
      valid.setOnesFrom(index);
    }
  }

  private void ensureValue(int position) {
    if (position >= capacity) {
      capacity = Math.max(position + 1, capacity * 2);
      if (doubles) {
        reals = Arrays.copyOf(reals, capacity);
      } else {
        ints = Arrays.copyOf(ints, capacity);
      }
    }
  }

  private void ensureIndex(int index) {
    if (index + 1 >= offsets.length) {
      offsets = Arrays.copyOf(offsets, Math.max(index + 2, offsets.length * 2));
    }
  }

  /** Copies indexes 0 to count - 1 into the vectors; their value counts are set afterwards, by the caller. */
  void flush(int count) {
    int elements = count;
    if (isList) {
      ListVector list = (ListVector) vector;
      while (list.getValueCapacity() < count) {
        list.reAlloc();
      }
      if (count > 0) {
        list.getOffsetBuffer().nioBuffer(0, (count + 1) * ListVector.OFFSET_WIDTH).order(ByteOrder.LITTLE_ENDIAN)
            .asIntBuffer().put(offsets, 0, count + 1);
        listValid.copyTo(list.getValidityBuffer(), count);
      }
      list.setLastSet(count - 1);
      elements = offsets[count];
    }
    while (values.getValueCapacity() < elements) {
      values.reAlloc();
    }
    if (elements > 0) {
      ArrowBuf data = values.getDataBuffer();
      if (doubles) {
        data.nioBuffer(0, elements * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer()
            .put(reals, 0, elements);
      } else {
        data.nioBuffer(0, elements * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer()
            .put(ints, 0, elements);
      }
    }
    valid.copyTo(values.getValidityBuffer(), elements);
    values.setValueCount(elements);
  }
}
