package io.dataplug.spark;

import io.dataplug.formats.las.LidarColumn;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Spark types of the LiDAR columns: unsigned LAS fields arrive already widened to the next signed type. */
final class LidarSchemas {
  private LidarSchemas() {}

  static StructType sparkSchema(List<LidarColumn> columns) {
    List<StructField> fields = new ArrayList<>();
    for (LidarColumn c : columns) {
      fields.add(DataTypes.createStructField(c.name(), sparkType(c), c.nullable()));
    }
    return DataTypes.createStructType(fields);
  }

  private static DataType sparkType(LidarColumn c) {
    if (c.isSourceFile()) {
      return DataTypes.StringType;
    }
    return switch (c.type()) {
      case BOOLEAN -> DataTypes.BooleanType;
      case BYTE -> DataTypes.ByteType;
      case SHORT -> DataTypes.ShortType;
      case INT -> DataTypes.IntegerType;
      case LONG -> DataTypes.LongType;
      case FLOAT -> DataTypes.FloatType;
      case DOUBLE -> DataTypes.DoubleType;
      case DECIMAL20 -> DataTypes.createDecimalType(20, 0);
    };
  }

  /** The requested columns, in the order of {@code readSchema}. */
  static List<LidarColumn> select(List<LidarColumn> all, StructType readSchema) {
    List<LidarColumn> out = new ArrayList<>();
    for (StructField field : readSchema.fields()) {
      for (LidarColumn c : all) {
        if (c.name().equalsIgnoreCase(field.name())) {
          out.add(c);
          break;
        }
      }
    }
    return out;
  }
}
