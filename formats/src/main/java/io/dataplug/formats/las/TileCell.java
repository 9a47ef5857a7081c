package io.dataplug.formats.las;

import java.io.Serializable;

/**
 * One square of a global XY grid of side {@code size} anchored at (0, 0): the half-open cell
 * [column * size, (column + 1) * size) x [row * size, (row + 1) * size). Every point belongs to exactly one cell,
 * decided by {@link #columnOf} and {@link #rowOf} alone, so tiles never share or lose a point.
 */
public record TileCell(double size, long column, long row) implements Serializable {

  public static long columnOf(double x, double size) {
    return (long) Math.floor(x / size);
  }

  public static long rowOf(double y, double size) {
    return (long) Math.floor(y / size);
  }

  @Override
  public String toString() {
    return "tile (" + column + ", " + row + ") of " + size;
  }
}
