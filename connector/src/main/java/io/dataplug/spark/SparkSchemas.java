package io.dataplug.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark types of the Arrow schemas formats declare, for the types Spark's {@code ArrowColumnVector} reads without
 * copying (BUILD.md lists them): no unsigned integers, which formats widen.
 */
final class SparkSchemas {
  private SparkSchemas() {}

  static StructType fromArrow(Schema schema) {
    List<StructField> fields = new ArrayList<>();
    for (Field field : schema.getFields()) {
      fields.add(DataTypes.createStructField(field.getName(), type(field), field.isNullable()));
    }
    return DataTypes.createStructType(fields);
  }

  private static DataType type(Field field) {
    ArrowType type = field.getType();
    if (type instanceof ArrowType.Bool) {
      return DataTypes.BooleanType;
    }
    if (type instanceof ArrowType.Int i && i.getIsSigned()) {
      switch (i.getBitWidth()) {
        case 8:
          return DataTypes.ByteType;
        case 16:
          return DataTypes.ShortType;
        case 32:
          return DataTypes.IntegerType;
        case 64:
          return DataTypes.LongType;
        default:
          break;
      }
    }
    if (type instanceof ArrowType.FloatingPoint f) {
      switch (f.getPrecision()) {
        case SINGLE:
          return DataTypes.FloatType;
        case DOUBLE:
          return DataTypes.DoubleType;
        default:
          break;
      }
    }
    if (type instanceof ArrowType.Decimal d) {
      return DataTypes.createDecimalType(d.getPrecision(), d.getScale());
    }
    if (type instanceof ArrowType.Timestamp t && t.getUnit() == org.apache.arrow.vector.types.TimeUnit.MICROSECOND) {
      return t.getTimezone() == null ? DataTypes.TimestampNTZType : DataTypes.TimestampType;
    }
    if (type instanceof ArrowType.Duration d && d.getUnit() == org.apache.arrow.vector.types.TimeUnit.MICROSECOND) {
      return DataTypes.createDayTimeIntervalType();
    }
    if (type instanceof ArrowType.Utf8) {
      return DataTypes.StringType;
    }
    if (type instanceof ArrowType.Binary) {
      return DataTypes.BinaryType;
    }
    if (type instanceof ArrowType.Map) {
      List<Field> entry = field.getChildren().get(0).getChildren();
      return DataTypes.createMapType(type(entry.get(0)), type(entry.get(1)), entry.get(1).isNullable());
    }
    if (type instanceof ArrowType.List) {
      Field child = field.getChildren().get(0);
      return DataTypes.createArrayType(type(child), child.isNullable());
    }
    if (type instanceof ArrowType.Struct) {
      return fromArrow(new Schema(field.getChildren()));
    }
    throw new IllegalArgumentException("Column " + field.getName() + " has Arrow type " + type
        + ", which Spark cannot read without copying");
  }
}
