package io.dataplug.formats.las;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The tiles one partition of a tiled read holds: cells of the global grid of side {@code size} (see
 * {@link TileCell}), and the group's number, the same in every slice of the partition and different between
 * partitions (the {@code tileGroup} column, which Spark can take as the partitioning).
 */
public final class TileGroup implements Serializable {
  private final double size;
  private final long group;
  /** The cells, sorted by row, then column. */
  private final long[] rows;
  private final long[] columns;

  TileGroup(double size, long group, long[] rows, long[] columns) {
    this.size = size;
    this.group = group;
    this.rows = rows.clone();
    this.columns = columns.clone();
    for (int i = 1; i < rows.length; i++) {
      if (compare(rows[i - 1], columns[i - 1], rows[i], columns[i]) >= 0) {
        throw new IllegalArgumentException("Tile cells must be sorted by row, then column, without repeats");
      }
    }
  }

  public double size() {
    return size;
  }

  public long group() {
    return group;
  }

  public int tileCount() {
    return rows.length;
  }

  public boolean contains(long column, long row) {
    int low = 0;
    int high = rows.length - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int c = compare(rows[mid], columns[mid], row, column);
      if (c < 0) {
        low = mid + 1;
      } else if (c > 0) {
        high = mid - 1;
      } else {
        return true;
      }
    }
    return false;
  }

  private static int compare(long rowA, long columnA, long rowB, long columnB) {
    return rowA != rowB ? Long.compare(rowA, rowB) : Long.compare(columnA, columnB);
  }

  @Override
  public String toString() {
    StringBuilder cells = new StringBuilder();
    for (int i = 0; i < Math.min(4, rows.length); i++) {
      cells.append(i == 0 ? "" : ", ").append('(').append(columns[i]).append(", ").append(rows[i]).append(')');
    }
    return "tile group " + group + " (" + rows.length + (rows.length == 1 ? " tile" : " tiles") + " of " + size + ": "
        + cells + (rows.length > 4 ? ", ..." : "") + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TileGroup t && t.size == size && t.group == group && Arrays.equals(t.rows, rows)
        && Arrays.equals(t.columns, columns);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(group) * 31 + Arrays.hashCode(rows);
  }
}
