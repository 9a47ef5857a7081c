package io.dataplug.formats.las.laz;

/**
 * Which fields a reader needs from layered chunks (point formats 6 to 10): each flag is one or more layers the
 * decoder may skip. X, Y, the returns and the scanner channel share the layer every point needs.
 */
public record LazFields(boolean z, boolean classification, boolean flags, boolean intensity, boolean scanAngle,
    boolean userData, boolean pointSource, boolean gpsTime, boolean rgb, boolean nir, boolean extraBytes) {

  public static final LazFields ALL = new LazFields(true, true, true, true, true, true, true, true, true, true, true);

  /**
   * POINT14's nine layers in chunk order: XY (always), Z, classification, flags, intensity, scan angle, user data,
   * point source, GPS time.
   */
  boolean[] point14Layers() {
    return new boolean[] {true, z, classification, flags, intensity, scanAngle, userData, pointSource, gpsTime};
  }
}
