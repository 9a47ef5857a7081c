package io.dataplug.formats.vcf;

import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Writes the text of one INFO or FORMAT value into its Arrow vector, typed by the column's declaration: a scalar,
 * or a list split at ','. '.' is null (the whole value, or one element of a list). Numbers go through a
 * {@link NumberBuffer}, copied into the vector by {@link #flush} when the batch is finished.
 */
final class ValueColumn {
  private final String name;
  private final VcfField column;
  private final FieldVector scalar;
  private final ListVector list;
  private final FieldVector element;
  private final int slot;
  private final NumberBuffer numbers;
  /** A single 32-bit integer per index. */
  private final boolean plainInt;

  /** @param slot the column's position among its writer's INFO (or FORMAT) columns */
  ValueColumn(String name, VcfField column, FieldVector vector, int slot) {
    this.name = name;
    this.slot = slot;
    this.column = column;
    if (column.isList()) {
      this.list = (ListVector) vector;
      this.element = list.getDataVector();
      this.scalar = null;
    } else {
      this.list = null;
      this.element = null;
      this.scalar = vector;
    }
    boolean number = column.type() == VcfField.Type.INTEGER || column.type() == VcfField.Type.FLOAT;
    this.numbers = number ? new NumberBuffer(vector) : null;
    this.plainInt = column.type() == VcfField.Type.INTEGER && list == null;
  }

  /** Forgets the numbers written at {@code index} and after (see {@link NumberBuffer#undoFrom}). */
  void undoFrom(int index) {
    if (numbers != null) {
      numbers.undoFrom(index);
    }
  }

  /** Copies the numbers of indexes 0 to count - 1 into the vector (other types are written directly). */
  void flush(int count) {
    if (numbers != null) {
      numbers.flush(count);
    }
  }

  String name() {
    return name;
  }

  int slot() {
    return slot;
  }

  boolean isList() {
    return list != null;
  }

  void setNull(int index) {
    if (numbers != null) {
      numbers.setNull(index);
    } else if (column.type() == VcfField.Type.FLAG) {
      ((BitVector) scalar).setSafe(index, 0);
    } else if (list != null) {
      list.setNull(index);
    } else {
      scalar.setNull(index);
    }
  }

  /** A flag's presence: true, whatever value it was (wrongly) given. */
  void setPresent(int index) {
    if (column.type() == VcfField.Type.FLAG) {
      ((BitVector) scalar).setSafe(index, 1);
    } else {
      setNull(index);
    }
  }

  /** Counts the values of a field's text ('.' alone counts as missing: -1). */
  static int count(byte[] b, int from, int to) {
    if (VcfText.isMissing(b, from, to)) {
      return -1;
    }
    int n = 1;
    for (int i = from; i < to; i++) {
      if (b[i] == ',') {
        n++;
      }
    }
    return n;
  }

  void write(int index, byte[] b, int from, int to, boolean percentEncoded) throws MalformedLine {
    if (column.type() == VcfField.Type.FLAG) {
      setPresent(index);
      return;
    }
    if (VcfText.isMissing(b, from, to)) {
      setNull(index);
      return;
    }
    if (numbers != null) {
      writeNumbers(index, b, from, to);
      return;
    }
    if (list == null) {
      setText(scalar, index, b, from, to, percentEncoded);
      return;
    }
    int at = list.startNewValue(index);
    int n = 0;
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || b[i] == ',') {
        setText(element, at + n, b, start, i, percentEncoded);
        n++;
        start = i + 1;
      }
    }
    list.endValue(index, n);
  }

  /**
   * Writes a single integer value that is a plain run of digits (the common case) straight from the line; returns
   * where it ends (at ':', a tab or {@code to}), or -1, writing nothing, when the column or the value is of another
   * kind.
   */
  int writeDelimitedInt(int index, byte[] b, int from, int to) {
    if (!plainInt) {
      return -1;
    }
    int value = 0;
    int i = from;
    int limit = Math.min(to, from + 9);
    while (i < limit && b[i] >= '0' && b[i] <= '9') {
      value = value * 10 + (b[i++] - '0');
    }
    if (i == from || (i < to && b[i] != ':' && b[i] != '\t')) {
      return -1;
    }
    numbers.set(index, value);
    return i;
  }

  private void writeNumbers(int index, byte[] b, int from, int to) throws MalformedLine {
    if (list == null) {
      setNumber(index, b, from, to);
      return;
    }
    int at = numbers.startList(index);
    int n = 0;
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || b[i] == ',') {
        if (VcfText.isMissing(b, start, i)) {
          numbers.nullElement(at + n);
        } else {
          setNumber(at + n, b, start, i);
        }
        n++;
        start = i + 1;
      }
    }
    numbers.endList(index, n);
  }

  private void setNumber(int position, byte[] b, int from, int to) throws MalformedLine {
    if (numbers.doubles()) {
      numbers.set(position, VcfText.parseDouble(b, from, to, name));
    } else {
      numbers.set(position, VcfText.parseInt(b, from, to, name));
    }
  }

  private static void setText(FieldVector vector, int index, byte[] b, int from, int to, boolean percentEncoded) {
    if (VcfText.isMissing(b, from, to)) {
      vector.setNull(index);
      return;
    }
    VarCharVector text = (VarCharVector) vector;
    if (percentEncoded && VcfText.hasPercent(b, from, to)) {
      byte[] decoded = VcfText.percentDecode(b, from, to);
      text.setSafe(index, decoded, 0, decoded.length);
    } else {
      text.setSafe(index, b, from, to - from);
    }
  }
}
