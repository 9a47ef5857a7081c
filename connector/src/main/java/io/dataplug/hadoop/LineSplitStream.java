package io.dataplug.hadoop;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.io.compress.SplitCompressionInputStream;

/**
 * One split's lines under the contract of Hadoop's {@code LineRecordReader}, which drops the first line of every
 * split but the first and reads lines while the position is at most the split's end: this stream gives a split
 * other than the first an empty line to drop, then exactly the lines it owns, then ends. So no line is read twice or
 * lost, whatever the reader buffers, and the position never needs to pass the end.
 *
 * <p>What a split owns is decided at its first read after the dropped line, when Spark has recorded which file the
 * task reads (not yet when a DSv2 file source builds the reader): {@link Lines#open} gives the owned bytes, or null.
 */
final class LineSplitStream extends SplitCompressionInputStream {
  /** The owned lines of a split, opened once the file is known. */
  interface Lines {
    /** The split's own lines, or null when it owns none. */
    InputStream open() throws IOException;
  }

  private final Lines lines;
  private boolean dropLinePending;
  private boolean opened;
  private InputStream owned;

  LineSplitStream(InputStream in, long start, long end, Lines lines) throws IOException {
    super(in, start, end);
    this.lines = lines;
    this.dropLinePending = start != 0;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (dropLinePending) {
      dropLinePending = false;
      b[off] = '\n';
      return 1;
    }
    if (!opened) {
      opened = true;
      owned = lines.open();
    }
    return owned == null ? -1 : owned.read(b, off, len);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xFF;
  }

  /** The split's start: never past its end, as the stream ends where the split's lines do. */
  @Override
  public long getPos() {
    return getAdjustedStart();
  }

  @Override
  public void resetState() {
    throw new UnsupportedOperationException("a split of a gzip file cannot be reset");
  }

  @Override
  public void close() throws IOException {
    try {
      if (owned != null) {
        owned.close();
      }
    } finally {
      super.close();
    }
  }
}
