package io.dataplug.formats.cog;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The columns of a COG read: one row per tile, its samples as [band][row-major pixel] in the column type of
 * {@code samples}, its bounds and CRS.
 */
record CogSchema(SampleType samples, boolean sourceFile) implements Serializable {
  static final String TILE_COLUMN = "tileColumn";
  static final String TILE_ROW = "tileRow";
  static final String X = "x";
  static final String Y = "y";
  static final String WIDTH = "width";
  static final String HEIGHT = "height";
  static final String BAND_COUNT = "bandCount";
  static final String DATA = "data";
  static final String MIN_X = "minX";
  static final String MIN_Y = "minY";
  static final String MAX_X = "maxX";
  static final String MAX_Y = "maxY";
  static final String CRS = "crs";
  static final String NODATA = "nodata";
  static final String SOURCE_FILE = "sourceFile";
  static final List<String> BOUNDS = List.of(MIN_X, MIN_Y, MAX_X, MAX_Y);

  Schema arrow() {
    ArrowType int32 = new ArrowType.Int(32, true);
    ArrowType float64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    List<Field> fields = new ArrayList<>();
    for (String name : List.of(TILE_COLUMN, TILE_ROW, X, Y, WIDTH, HEIGHT, BAND_COUNT)) {
      fields.add(new Field(name, FieldType.notNullable(int32), null));
    }
    Field pixel = new Field("element", FieldType.nullable(samples.column), null);
    Field band = new Field("element", FieldType.notNullable(ArrowType.List.INSTANCE), List.of(pixel));
    fields.add(new Field(DATA, FieldType.notNullable(ArrowType.List.INSTANCE), List.of(band)));
    for (String name : BOUNDS) {
      fields.add(new Field(name, FieldType.notNullable(float64), null));
    }
    fields.add(new Field(CRS, FieldType.nullable(new ArrowType.Utf8()), null));
    fields.add(new Field(NODATA, FieldType.nullable(float64), null));
    if (sourceFile) {
      fields.add(new Field(SOURCE_FILE, FieldType.notNullable(new ArrowType.Utf8()), null));
    }
    return new Schema(fields);
  }
}
