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
 * Only a reader that ends lines at '\n' (Hadoop's {@code LineReader} without a custom delimiter, which Spark's CSV
 * and JSON {@code lineSep} and {@code textinputformat.record.delimiter} set) gets the split this way; any other
 * reader gets the file as without an index: the first split all of it, the others nothing.
 */
final class LineSplitStream extends SplitCompressionInputStream {
  /** The owned lines of a split, opened once the file is known. */
  interface Lines {
    /** The split's own lines, or null when it owns none. */
    InputStream open() throws IOException;
  }

  private final Lines lines;
  private final Lines withoutIndex;
  private boolean firstRead = true;
  private boolean dropLinePending;
  private boolean opened;
  private InputStream owned;

  /**
   * @param lines the split's own lines through its index
   * @param withoutIndex the split's lines as without an index (the whole file for the first split, else null)
   */
  LineSplitStream(InputStream in, long start, long end, Lines lines, Lines withoutIndex) throws IOException {
    super(in, start, end);
    this.lines = lines;
    this.withoutIndex = withoutIndex;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (firstRead) {
      firstRead = false;
      if (!calledByNewlineReader()) {
        opened = true;
        owned = withoutIndex.open();
      } else {
        dropLinePending = getAdjustedStart() != 0;
      }
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

  /** Whether Hadoop's LineReader reads this stream for lines that end at '\n' (no custom delimiter). */
  private static boolean calledByNewlineReader() {
    return StackWalker.getInstance().walk(frames -> frames.anyMatch(frame ->
        frame.getClassName().equals("org.apache.hadoop.util.LineReader")
            && frame.getMethodName().equals("readDefaultLine")));
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
