package io.dataplug.formats.gzip;

/**
 * Where decoding can start: a gzip member header (byte aligned, no history) or a deflate block start at a bit
 * offset, with the up to 32 KiB of output that precede it.
 */
public record ResumePoint(long bitOffset, long uncompressedOffset, boolean memberStart, byte[] window) {
  public static final ResumePoint FILE_START = new ResumePoint(0, 0, true, new byte[0]);

  public ResumePoint {
    if (memberStart && (bitOffset & 7) != 0) {
      throw new IllegalArgumentException("a gzip member starts on a byte boundary");
    }
    window = window == null ? new byte[0] : window;
  }
}
