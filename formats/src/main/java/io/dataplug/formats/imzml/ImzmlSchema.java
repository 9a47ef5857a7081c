package io.dataplug.formats.imzml;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The columns of an imzML read: position, the spectrum's arrays and its total ion current. Intensities are float
 * when every file stores them as 32-bit floats, else double (64-bit floats, integers, or files that differ).
 */
record ImzmlSchema(boolean doubleIntensity, boolean sourceFile) implements Serializable {
  static final String X = "x";
  static final String Y = "y";
  static final String Z = "z";
  static final String MZ = "mz";
  static final String INTENSITY = "intensity";
  static final String TOTAL_ION_CURRENT = "totalIonCurrent";
  static final String SOURCE_FILE = "sourceFile";

  Schema arrow() {
    ArrowType.FloatingPoint float64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    ArrowType intensity = doubleIntensity ? float64 : new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    List<Field> fields = new ArrayList<>();
    fields.add(new Field(X, FieldType.notNullable(new ArrowType.Int(32, true)), null));
    fields.add(new Field(Y, FieldType.notNullable(new ArrowType.Int(32, true)), null));
    fields.add(new Field(Z, FieldType.notNullable(new ArrowType.Int(32, true)), null));
    fields.add(list(MZ, float64));
    fields.add(list(INTENSITY, intensity));
    fields.add(new Field(TOTAL_ION_CURRENT, FieldType.nullable(float64), null));
    if (sourceFile) {
      fields.add(new Field(SOURCE_FILE, FieldType.notNullable(new ArrowType.Utf8()), null));
    }
    return new Schema(fields);
  }

  private static Field list(String name, ArrowType element) {
    return new Field(name, FieldType.notNullable(ArrowType.List.INSTANCE),
        List.of(new Field("element", FieldType.notNullable(element), null)));
  }
}
