package io.dataplug.formats.index;

import java.io.Serializable;

/**
 * Where records start in the middle of a file's uncompressed bytes, for indexing pieces of a file in parallel: each
 * piece finds its first record start on its own, and the piece before confirms it (it scans up to the first record
 * start at or after the piece's start; the build falls back to one sequential pass when the two differ).
 */
public interface RecordSync extends Serializable {
  /** {@link #firstRecordStart} cannot tell yet: give it more bytes. */
  int NEED_MORE = -1;

  /**
   * The index of the first record start at or after {@code from} in {@code b[0, len)}; {@code b[from - 1]} is the
   * byte before when {@code from > 0}. Returns {@link #NEED_MORE} when the bytes do not tell, and {@code len} when
   * {@code endOfData} and no record starts in them.
   */
  int firstRecordStart(byte[] b, int from, int len, boolean endOfData);

  /** A scanner of the file from its first byte (as the sequential index build uses). */
  RecordScanner scannerFromFileStart(String uri);

  /** A scanner whose first byte is a record start at {@code offset}; record ordinals count from 0 there. */
  RecordScanner scannerAtRecord(String uri, long offset);
}
