package io.dataplug.formats.cog;

import io.dataplug.formats.api.Predicate;
import java.util.List;

/**
 * A tile's place: its pixel window in the level (clipped to the image) and its bounds in the CRS, from the level's
 * geotransform (the window's four corners, so rotated rasters get their enclosing box).
 */
record TileBounds(int column, int row, int x, int y, int width, int height, double minX, double minY, double maxX,
    double maxY) {

  static TileBounds of(RasterLevel level, int tile) {
    int across = level.tilesAcross();
    int column = tile % across;
    int row = tile / across;
    int x = column * level.tileWidth();
    int y = row * level.tileHeight();
    int width = Math.min(level.tileWidth(), level.width() - x);
    int height = Math.min(level.tileHeight(), level.height() - y);
    double[] t = level.geoTransform();
    double minX = Double.POSITIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (int corner = 0; corner < 4; corner++) {
      double px = x + ((corner & 1) == 0 ? 0 : width);
      double py = y + ((corner & 2) == 0 ? 0 : height);
      double gx = t[0] + px * t[1] + py * t[2];
      double gy = t[3] + px * t[4] + py * t[5];
      minX = Math.min(minX, gx);
      maxX = Math.max(maxX, gx);
      minY = Math.min(minY, gy);
      maxY = Math.max(maxY, gy);
    }
    return new TileBounds(column, row, x, y, width, height, minX, minY, maxX, maxY);
  }

  /** Whether a tile with these bounds can pass every comparison on minX, minY, maxX or maxY. */
  boolean mayPass(List<Predicate> predicates) {
    for (Predicate p : predicates) {
      if (!CogSchema.BOUNDS.contains(p.column()) || !(p.value() instanceof Number number)) {
        continue;
      }
      double v = number.doubleValue();
      double mine = switch (p.column()) {
        case CogSchema.MIN_X -> minX;
        case CogSchema.MIN_Y -> minY;
        case CogSchema.MAX_X -> maxX;
        default -> maxY;
      };
      boolean pass = switch (p.op()) {
        case EQ -> mine == v;
        case LT -> mine < v;
        case LE -> mine <= v;
        case GT -> mine > v;
        case GE -> mine >= v;
      };
      if (!pass) {
        return false;
      }
    }
    return true;
  }
}
