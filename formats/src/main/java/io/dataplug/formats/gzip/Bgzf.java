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
    Chain chain = chain(head, 0, 0, length, BLOCKS_TO_CHECK);
    return chain.blocks() >= 2 || (chain.blocks() == 1 && chain.atFileEnd());
  }

  /** The largest BGZF block (BSIZE is 16 bits: SAMv1 section 4.1). */
  private static final int MAX_BLOCK = 1 << 16;
  private static final int CHAIN = 3;

  /**
   * The offset of the first BGZF block that starts at or after {@code offset}, or -1 when none does: a candidate
   * counts only when the blocks its sizes lead to (up to {@value #CHAIN}, or to the file's end) are BGZF blocks too.
   * One ranged read: a block starts within every 64 KiB of a BGZF file.
   */
  public static long nextBlockAtOrAfter(io.dataplug.formats.storage.Blob blob, long offset) throws IOException {
    long length = blob.length();
    if (offset >= length) {
      return -1;
    }
    byte[] bytes = new byte[(int) Math.min(length - offset, (long) MAX_BLOCK * (CHAIN + 1))];
    blob.readFully(offset, bytes, 0, bytes.length);
    for (int i = 0; i + 4 <= bytes.length && i < MAX_BLOCK; i++) {
      if ((bytes[i] & 0xFF) == 0x1f && (bytes[i + 1] & 0xFF) == 0x8b && bytes[i + 2] == 8 && bytes[i + 3] == 4
          && chain(bytes, i, offset, length, CHAIN).blocks() > 0) {
        return offset + i;
      }
    }
    return -1;
  }

  /** How many valid blocks followed one another (-1: a header was not BGZF), and whether they end the file. */
  private record Chain(int blocks, boolean atFileEnd) {}

  /**
   * Follows BGZF blocks from {@code bytes[start]} (file offset {@code bytesOffset + start}) by their sizes: up to
   * {@code max} blocks, to the file's end, or to where {@code bytes} end.
   */
  private static Chain chain(byte[] bytes, int start, long bytesOffset, long length, int max) {
    long at = start;
    int blocks = 0;
    while (blocks < max) {
      if (bytesOffset + at == length) {
        return new Chain(blocks, true);
      }
      if (at + 18 > bytes.length) {
        break;
      }
      GzipHeader header;
      try {
        header = GzipHeader.read(bytesAt(bytes, (int) at), "scan");
      } catch (IOException e) {
        return new Chain(-1, false);
      }
      if (header == null || !header.isBgzf() || header.bgzfBlockSize() < header.length() + 8
          || bytesOffset + at + header.bgzfBlockSize() > length) {
        return new Chain(-1, false);
      }
      at += header.bgzfBlockSize();
      blocks++;
    }
    return new Chain(blocks, bytesOffset + at == length);
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
