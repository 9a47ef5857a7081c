package io.dataplug.formats.vcf;

import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Writes the text of one INFO or FORMAT value into its Arrow vector, typed by the column's declaration: a scalar,
 * or a list split at ','. '.' is null (the whole value, or one element of a list).
 */
final class ValueColumn {
  private final String name;
  private final VcfField column;
  private final FieldVector scalar;
  private final ListVector list;
  private final FieldVector element;
  private final int slot;

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
    if (column.type() == VcfField.Type.FLAG) {
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
    if (list == null) {
      set(scalar, index, b, from, to, percentEncoded);
      return;
    }
    int at = list.startNewValue(index);
    int n = 0;
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || b[i] == ',') {
        set(element, at + n, b, start, i, percentEncoded);
        n++;
        start = i + 1;
      }
    }
    list.endValue(index, n);
  }

  private void set(FieldVector vector, int index, byte[] b, int from, int to, boolean percentEncoded)
      throws MalformedLine {
    if (VcfText.isMissing(b, from, to)) {
      vector.setNull(index);
      return;
    }
    switch (column.type()) {
      case INTEGER -> ((IntVector) vector).setSafe(index, VcfText.parseInt(b, from, to, name));
      case FLOAT -> ((Float8Vector) vector).setSafe(index, VcfText.parseDouble(b, from, to, name));
      default -> {
        VarCharVector text = (VarCharVector) vector;
        if (percentEncoded && VcfText.hasPercent(b, from, to)) {
          byte[] decoded = VcfText.percentDecode(b, from, to);
          text.setSafe(index, decoded, 0, decoded.length);
        } else {
          text.setSafe(index, b, from, to - from);
        }
      }
    }
  }
}
