package io.dataplug.formats.gzip;

import io.dataplug.formats.storage.Blob;
import java.io.IOException;

/**
 * Recognises BGZF (SAM/BAM specification section 4.1): gzip members with a {@code BC} extra subfield giving the
 * member's size. Magic bytes alone can occur inside compressed data, so a file counts as BGZF only when a chain of
 * blocks, each found through the previous block's size, all carry valid BGZF headers.
 */
public final class Bgzf {
  private static final int BLOCKS_TO_CHECK = 8;

  private Bgzf() {}

  public static boolean isBgzf(Blob blob) throws IOException {
    long offset = 0;
    long length = blob.length();
    for (int i = 0; i < BLOCKS_TO_CHECK && offset < length; i++) {
      ByteSource source = new ByteSource(blob, offset, Math.min(length, offset + 1024), 1024);
      GzipHeader header;
      try {
        header = GzipHeader.read(GzipHeader.of(source), blob.uri());
      } catch (GzipFormatException e) {
        return false;
      }
      if (header == null || !header.isBgzf() || header.bgzfBlockSize() < header.length() + 8) {
        return false;
      }
      offset += header.bgzfBlockSize();
    }
    return offset <= length;
  }
}
