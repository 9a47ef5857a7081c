package io.dataplug.formats.zarr;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The columns of a read. Layout cells: one per dimension (its coordinate array's values, or a long index), then one
 * per data array, each typed as {@link ZarrColumn} decodes it. Layout chunks: the chunk's index, origin and shape
 * (clipped at the array's edge), then per data array its values in C order of that shape.
 *
 * @param coordinates per dimension, its coordinate array, or null for an index
 */
record ZarrSchema(List<String> dims, List<ZarrArray> coordinates, List<ZarrArray> data, boolean chunks)
    implements Serializable {
  static final String CHUNK = "chunk";
  static final String ORIGIN = "origin";
  static final String SHAPE = "shape";

  List<String> dataNames() {
    return data.stream().map(ZarrArray::name).toList();
  }

  /** The position of data array column {@code name}; an error when there is none. */
  int dataIndex(String name) {
    int a = dataNames().indexOf(name);
    if (a < 0) {
      throw new IllegalArgumentException("No Zarr column named '" + name + "'");
    }
    return a;
  }

  /** Whether any of {@code columns} is a data array's: else chunks need not be read at all. */
  boolean readsData(List<String> columns) {
    return dataNames().stream().anyMatch(columns::contains);
  }

  Schema arrow() {
    List<Field> fields = new ArrayList<>();
    if (chunks) {
      fields.add(list(CHUNK, ZarrColumn.index("element")));
      fields.add(list(ORIGIN, ZarrColumn.index("element")));
      fields.add(list(SHAPE, new Field("element", FieldType.notNullable(new ArrowType.Int(32, true)), null)));
      for (ZarrArray a : data) {
        fields.add(list(a.name(), ZarrColumn.field("element", a)));
      }
      return new Schema(fields);
    }
    for (int d = 0; d < dims.size(); d++) {
      ZarrArray c = coordinates.get(d);
      fields.add(c == null ? ZarrColumn.index(dims.get(d)) : ZarrColumn.field(dims.get(d), c));
    }
    for (ZarrArray a : data) {
      fields.add(ZarrColumn.field(a.name(), a));
    }
    return new Schema(fields);
  }

  private static Field list(String name, Field element) {
    return new Field(name, FieldType.notNullable(ArrowType.List.INSTANCE), List.of(element));
  }
}
