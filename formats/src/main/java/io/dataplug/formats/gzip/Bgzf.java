package io.dataplug.formats.gzip;

import java.io.IOException;

/**
 * Recognises BGZF (SAM/BAM specification section 4.1): gzip members with a {@code BC} extra subfield giving the
 * member's size. Magic bytes alone can occur inside compressed data, so a file counts as BGZF only when a chain of
 * blocks, each found through the previous block's size, all carry valid BGZF headers.
 */
public final class Bgzf {
  private static final int BLOCKS_TO_CHECK = 8;

  private Bgzf() {}

  /**
   * Checks the chain in the file's first bytes (one read, so planning costs one request per file on object stores):
   * up to {@value #BLOCKS_TO_CHECK} blocks, at least two unless the first block is the whole file.
   *
   * @param head the file's first bytes
   * @param length the file's length
   */
  public static boolean isBgzf(byte[] head, long length) {
    long offset = 0;
    int checked = 0;
    while (checked < BLOCKS_TO_CHECK && offset < length && offset + 18 <= head.length) {
      GzipHeader header;
      try {
        header = GzipHeader.read(bytesAt(head, (int) offset), "head");
      } catch (IOException e) {
        return false;
      }
      if (header == null || !header.isBgzf() || header.bgzfBlockSize() < header.length() + 8) {
        return false;
      }
      offset += header.bgzfBlockSize();
      checked++;
    }
    return checked > 0 && offset <= length && (checked >= 2 || offset == length);
  }

  private static GzipHeader.ByteInput bytesAt(byte[] bytes, int start) {
    return new GzipHeader.ByteInput() {
      private int position = start;

      @Override
      public int read() {
        return position < bytes.length ? bytes[position++] & 0xFF : -1;
      }

      @Override
      public long position() {
        return position;
      }
    };
  }
}
