package io.dataplug.formats.las;

import java.io.Serializable;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A column of a LiDAR read: a point dimension by its PDAL name, or one of the opt-in columns {@code sourceFile}
 * (the file's URI) and {@code pointIndex} (the point's position in its file, from 0), or with tiles
 * {@code tileX}, {@code tileY} (the point's cell of the tile grid) and {@code tileGroup} (its partition's group).
 */
public record LidarColumn(String name, LasValueType type, boolean nullable) implements Serializable {
  public static final String SOURCE_FILE = "sourceFile";
  public static final String POINT_INDEX = "pointIndex";
  public static final String TILE_X = "tileX";
  public static final String TILE_Y = "tileY";
  public static final String TILE_GROUP = "tileGroup";

  public boolean isSourceFile() {
    return name.equals(SOURCE_FILE) && type == null;
  }

  public boolean isPointIndex() {
    return isDerived(POINT_INDEX);
  }

  public boolean isTileX() {
    return isDerived(TILE_X);
  }

  public boolean isTileY() {
    return isDerived(TILE_Y);
  }

  public boolean isTileGroup() {
    return isDerived(TILE_GROUP);
  }

  /** {@code tileX}, {@code tileY} or {@code tileGroup}: only a tiled read has them. */
  public boolean isTileColumn() {
    return isTileX() || isTileY() || isTileGroup();
  }

  /** A point dimension of the files, not a column this reader adds. */
  public boolean isDimension() {
    return !isSourceFile() && !isPointIndex() && !isTileColumn();
  }

  private boolean isDerived(String derivedName) {
    return name.equals(derivedName) && type == LasValueType.LONG && !nullable;
  }

  /** The Arrow field of this column: unsigned LAS fields arrive already widened to the next signed type. */
  public Field arrowField() {
    ArrowType arrow = isSourceFile()
        ? ArrowType.Utf8.INSTANCE
        : switch (type) {
          case BOOLEAN -> ArrowType.Bool.INSTANCE;
          case BYTE -> new ArrowType.Int(8, true);
          case SHORT -> new ArrowType.Int(16, true);
          case INT -> new ArrowType.Int(32, true);
          case LONG -> new ArrowType.Int(64, true);
          case FLOAT -> new ArrowType.FloatingPoint(
              FloatingPointPrecision.SINGLE);
          case DOUBLE -> new ArrowType.FloatingPoint(
              FloatingPointPrecision.DOUBLE);
          case DECIMAL20 -> new ArrowType.Decimal(20, 0, 128);
        };
    return new Field(name,
        new FieldType(nullable, arrow, null), null);
  }

  public static LidarColumn sourceFile() {
    return new LidarColumn(SOURCE_FILE, null, false);
  }

  public static LidarColumn pointIndex() {
    return new LidarColumn(POINT_INDEX, LasValueType.LONG, false);
  }

  /** {@code tileX}, {@code tileY} and {@code tileGroup}, the columns of a tiled read. */
  public static List<LidarColumn> tileColumns() {
    return List.of(new LidarColumn(TILE_X, LasValueType.LONG, false), new LidarColumn(TILE_Y, LasValueType.LONG, false),
        new LidarColumn(TILE_GROUP, LasValueType.LONG, false));
  }

  /**
   * The union of the files' dimensions, in first-seen order (standard dimensions first, as each file lists them):
   * a dimension some file lacks is nullable. Two files that give one name two types are an error.
   */
  public static List<LidarColumn> union(List<LasFileInfo> files) throws LasFormatException {
    Map<String, LidarColumn> byName = new LinkedHashMap<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (LasFileInfo file : files) {
      for (LasDimension d : file.layout().dimensions()) {
        LidarColumn existing = byName.get(d.name());
        if (existing != null && existing.type() != d.type()) {
          throw new LasFormatException("Dimension " + d.name() + " is " + existing.type() + " in one file and "
              + d.type() + " in " + file.uri() + ": read them separately");
        }
        byName.putIfAbsent(d.name(), new LidarColumn(d.name(), d.type(), false));
        seen.merge(d.name(), 1, Integer::sum);
      }
    }
    List<LidarColumn> out = new ArrayList<>();
    for (LidarColumn c : byName.values()) {
      out.add(seen.get(c.name()) == files.size() ? c : new LidarColumn(c.name(), c.type(), true));
    }
    return out;
  }
}
