package io.dataplug.formats.las;

import io.dataplug.formats.api.Slice;
import java.util.List;

/**
 * What one task reads from one file: runs of points, kept when they pass the filter and fall in one of the group's
 * tiles (either may be null: keep all).
 */
public record LidarSlice(LasFileInfo file, List<PointRun> runs, PointFilter filter, TileGroup tiles)
    implements Slice {

  public LidarSlice {
    runs = List.copyOf(runs);
  }

  @Override
  public String dataUri() {
    return file.uri();
  }

  @Override
  public long bytes() {
    return runs.stream().mapToLong(PointRun::length).sum();
  }

  public long points() {
    return runs.stream().mapToLong(PointRun::pointCount).sum();
  }

  @Override
  public String describe() {
    return file.uri() + ": " + (runs.size() <= 4 ? runs.toString()
        : runs.size() + " runs, " + points() + " points, " + bytes() + " bytes")
        + (tiles == null ? "" : ", keeping the points of " + tiles);
  }

  @Override
  public String toString() {
    return file.uri() + " " + runs.size() + " runs, " + points() + " points, " + bytes() + " bytes"
        + (tiles == null ? "" : ", " + tiles) + (filter == null ? "" : ", filter " + filter);
  }
}
