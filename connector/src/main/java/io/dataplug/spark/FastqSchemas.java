package io.dataplug.spark;

import io.dataplug.formats.fastq.FastqColumn;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The Spark schema of the FASTQ columns. */
final class FastqSchemas {
  private FastqSchemas() {}

  static StructType sparkSchema(List<FastqColumn> columns) {
    List<StructField> fields = new ArrayList<>();
    for (FastqColumn column : columns) {
      fields.add(DataTypes.createStructField(column.columnName(),
          column == FastqColumn.ORDINAL ? DataTypes.LongType : DataTypes.StringType, column.nullable()));
    }
    return DataTypes.createStructType(fields);
  }

  static List<FastqColumn> columnsOf(StructType schema) {
    List<FastqColumn> columns = new ArrayList<>();
    for (StructField field : schema.fields()) {
      columns.add(FastqColumn.byName(field.name()));
    }
    return columns;
  }
}
