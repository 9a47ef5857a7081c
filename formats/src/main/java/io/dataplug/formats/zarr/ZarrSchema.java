package io.dataplug.formats.zarr;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The columns of a cells read: one per dimension (its coordinate array's values, or a long index), then one per data
 * array, each typed as {@link ZarrColumn} decodes it.
 *
 * @param coordinates per dimension, its coordinate array, or null for an index
 */
record ZarrSchema(List<String> dims, List<ZarrArray> coordinates, List<ZarrArray> data) implements Serializable {

  List<String> dataNames() {
    return data.stream().map(ZarrArray::name).toList();
  }

  Schema arrow() {
    List<Field> fields = new ArrayList<>();
    for (int d = 0; d < dims.size(); d++) {
      ZarrArray c = coordinates.get(d);
      fields.add(c == null ? ZarrColumn.index(dims.get(d)) : ZarrColumn.field(dims.get(d), c));
    }
    for (ZarrArray a : data) {
      fields.add(ZarrColumn.field(a.name(), a));
    }
    return new Schema(fields);
  }
}
