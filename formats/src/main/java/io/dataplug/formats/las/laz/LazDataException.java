package io.dataplug.formats.las.laz;

/**
 * Compressed point data that no LASzip encoder could have written, or that ends before its points do; the chunk
 * decoder adds the file and the chunk.
 */
public final class LazDataException extends RuntimeException {
  private final int pointsDecoded;

  LazDataException(String message) {
    super(message, null, false, false);
    this.pointsDecoded = -1;
  }

  /** The data ran out after {@code pointsDecoded} points. */
  LazDataException(int pointsDecoded) {
    super("ran out of bytes after " + pointsDecoded + " points", null, false, false);
    this.pointsDecoded = pointsDecoded;
  }

  /** The data ran out before the points did (a truncated chunk, or a point count larger than the chunk's). */
  public boolean truncated() {
    return pointsDecoded >= 0;
  }

  /** For truncated data, how many points were decoded whole. */
  public int pointsDecoded() {
    return pointsDecoded;
  }
}
