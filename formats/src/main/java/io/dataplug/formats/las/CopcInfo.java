package io.dataplug.formats.las;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The COPC info VLR (user "copc", record 1, the first VLR; COPC 1.0 spec): the octree's root cube (center and
 * half-size) and where the root hierarchy page is.
 */
public record CopcInfo(double centerX, double centerY, double centerZ, double halfSize, double spacing,
    long rootHierarchyOffset, long rootHierarchySize) implements Serializable {

  static CopcInfo parse(String uri, byte[] vlr) throws LasFormatException {
    if (vlr.length < 160) {
      throw new LasFormatException("Corrupt COPC info VLR in " + uri + ": " + vlr.length + " bytes, 160 expected");
    }
    ByteBuffer b = ByteBuffer.wrap(vlr).order(ByteOrder.LITTLE_ENDIAN);
    CopcInfo info = new CopcInfo(b.getDouble(0), b.getDouble(8), b.getDouble(16), b.getDouble(24), b.getDouble(32),
        b.getLong(40), b.getLong(48));
    if (!(info.halfSize > 0) || info.rootHierarchySize < 0 || info.rootHierarchySize % 32 != 0) {
      throw new LasFormatException("Corrupt COPC info VLR in " + uri + ": half size " + info.halfSize
          + ", root hierarchy page of " + info.rootHierarchySize + " bytes");
    }
    return info;
  }

  /** The cube of node (depth, x, y, z): {minX, minY, minZ, maxX, maxY, maxZ}. */
  public double[] nodeBounds(int depth, int x, int y, int z) {
    double side = 2 * halfSize / (1L << depth);
    double x0 = centerX - halfSize + x * side;
    double y0 = centerY - halfSize + y * side;
    double z0 = centerZ - halfSize + z * side;
    return new double[] {x0, y0, z0, x0 + side, y0 + side, z0 + side};
  }
}
