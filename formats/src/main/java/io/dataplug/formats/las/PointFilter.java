package io.dataplug.formats.las;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A box on X, Y and Z, each side open or closed: what pushed-down comparisons on the coordinates become. Planning
 * uses it to prune blocks, chunks and nodes by their bounds; readers apply it exactly to every point.
 */
public final class PointFilter implements Serializable {
  private static final String AXES = "XYZ";
  private final double[] lo = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
  private final double[] hi = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
  private final boolean[] loOpen = new boolean[3];
  private final boolean[] hiOpen = new boolean[3];
  private boolean empty;

  /** The axis (0, 1, 2) of a column name X, Y or Z (any case), or -1. */
  public static int axisOf(String column) {
    return column.length() == 1 ? AXES.indexOf(Character.toUpperCase(column.charAt(0))) : -1;
  }

  /** Narrows to {@code value > bound} ({@code open}) or {@code value >= bound}. */
  public PointFilter atLeast(int axis, double bound, boolean open) {
    if (Double.isNaN(bound)) {
      empty = true;
    } else if (bound > lo[axis] || (bound == lo[axis] && open)) {
      lo[axis] = bound;
      loOpen[axis] = open;
    }
    return this;
  }

  /** Narrows to {@code value < bound} ({@code open}) or {@code value <= bound}. */
  public PointFilter atMost(int axis, double bound, boolean open) {
    if (Double.isNaN(bound)) {
      empty = true;
    } else if (bound < hi[axis] || (bound == hi[axis] && open)) {
      hi[axis] = bound;
      hiOpen[axis] = open;
    }
    return this;
  }

  public boolean test(double x, double y, double z) {
    return inside(0, x) && inside(1, y) && inside(2, z);
  }

  private boolean inside(int axis, double v) {
    if (empty) {
      return false;
    }
    boolean above = loOpen[axis] ? v > lo[axis] : v >= lo[axis];
    boolean below = hiOpen[axis] ? v < hi[axis] : v <= hi[axis];
    return above && below;
  }

  /** Whether any point within {minX, minY, minZ, maxX, maxY, maxZ} (closed) may pass. */
  public boolean mayIntersect(double[] bounds) {
    if (empty) {
      return false;
    }
    for (int axis = 0; axis < 3; axis++) {
      if (bounds[axis + 3] < lo[axis] || bounds[axis] > hi[axis]) {
        return false;
      }
    }
    return true;
  }

  /** Whether any point within the XY rectangle {minX, minY, maxX, maxY} (closed) may pass. */
  public boolean mayIntersectXY(double[] rect) {
    return !empty && rect[2] >= lo[0] && rect[0] <= hi[0] && rect[3] >= lo[1] && rect[1] <= hi[1];
  }

  public boolean isEmpty() {
    return empty;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (int axis = 0; axis < 3; axis++) {
      if (lo[axis] == Double.NEGATIVE_INFINITY && hi[axis] == Double.POSITIVE_INFINITY) {
        continue;
      }
      s.append(s.length() == 0 ? "" : ", ").append(loOpen[axis] ? "(" : "[").append(lo[axis]).append(", ")
          .append(hi[axis]).append(hiOpen[axis] ? ")" : "]").append(' ').append(AXES.charAt(axis));
    }
    return empty ? "nothing" : s.length() == 0 ? "all" : s.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PointFilter f && Arrays.equals(lo, f.lo) && Arrays.equals(hi, f.hi)
        && Arrays.equals(loOpen, f.loOpen) && Arrays.equals(hiOpen, f.hiOpen) && empty == f.empty;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(lo) * 31 + Arrays.hashCode(hi);
  }
}
