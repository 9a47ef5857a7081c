package io.dataplug.formats.testing;

import com.github.mreutegg.laszip4j.LASHeader;
import com.github.mreutegg.laszip4j.LASPoint;
import com.github.mreutegg.laszip4j.LASReader;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * A sequential read of a LAS/LAZ file by laszip4j's own reader (its public API, not the per-chunk path dataplug
 * uses), as key strings "X|Y|Z|Intensity|ReturnNumber|GpsTime|" with X, Y, Z scaled as doubles.
 */
public final class ReferenceLas {
  public static final List<String> KEY_COLUMNS = List.of("X", "Y", "Z", "Intensity", "ReturnNumber", "GpsTime");

  private ReferenceLas() {}

  public static List<String> rows(File file) {
    LASReader reader = new LASReader(file);
    LASHeader h = reader.getHeader();
    List<String> rows = new ArrayList<>();
    for (LASPoint p : reader.getPoints()) {
      double x = p.getX() * h.getXScaleFactor() + h.getXOffset();
      double y = p.getY() * h.getYScaleFactor() + h.getYOffset();
      double z = p.getZ() * h.getZScaleFactor() + h.getZOffset();
      rows.add(key(x, y, z, (int) p.getIntensity(), p.getReturnNumber(), p.hasGPSTime() ? p.getGPSTime() : null));
    }
    return rows;
  }

  /** The key string of one point, the same for both readers. */
  public static String key(double x, double y, double z, Number intensity, Number returnNumber, Double gpsTime) {
    return x + "|" + y + "|" + z + "|" + intensity.doubleValue() + "|" + returnNumber.doubleValue() + "|"
        + (gpsTime == null ? "null" : String.valueOf(gpsTime)) + "|";
  }
}
