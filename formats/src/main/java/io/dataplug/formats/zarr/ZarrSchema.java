package io.dataplug.formats.zarr;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The columns of a cells read: one per dimension (its coordinate array's type, or a long index), then one per data
 * array.
 *
 * @param coordinateTypes per dimension, the coordinate array's dtype, or null for an index
 */
record ZarrSchema(List<String> dims, List<ZarrDtype> coordinateTypes, List<String> dataNames,
    List<ZarrDtype> dataTypes) implements Serializable {

  Schema arrow() {
    List<Field> fields = new ArrayList<>();
    for (int d = 0; d < dims.size(); d++) {
      ZarrDtype t = coordinateTypes.get(d);
      fields.add(t == null ? ZarrColumn.index(dims.get(d)) : ZarrColumn.field(dims.get(d), t));
    }
    for (int a = 0; a < dataNames.size(); a++) {
      fields.add(ZarrColumn.field(dataNames.get(a), dataTypes.get(a)));
    }
    return new Schema(fields);
  }
}
