package io.dataplug.formats.text;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads lines from a stream into one growing buffer, handing each over as a range of it without copying. Lines end
 * at '\n'; a '\r' before it is not part of the line; the last line may lack its '\n'.
 */
public final class LineReader {
  private final InputStream in;
  private byte[] buf = new byte[1 << 20];
  private int pos;
  private int limit;
  private long bufStart;
  private boolean eof;
  private int lineStart;
  private int lineEnd;

  /** @param startOffset uncompressed offset of the stream's first byte, for messages */
  public LineReader(InputStream in, long startOffset) {
    this.in = in;
    this.bufStart = startOffset;
  }

  /** Moves to the next line; false at the end of the stream. */
  public boolean next() throws IOException {
    while (true) {
      int newline = Newlines.next(buf, pos, limit);
      if (newline < limit || (eof && pos < limit)) {
        lineStart = pos;
        lineEnd = newline > pos && buf[newline - 1] == '\r' ? newline - 1 : newline;
        pos = newline < limit ? newline + 1 : limit;
        return true;
      }
      if (eof) {
        return false;
      }
      fill();
    }
  }

  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      bufStart += pos;
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      byte[] bigger = new byte[buf.length * 2];
      System.arraycopy(buf, 0, bigger, 0, limit);
      buf = bigger;
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }

  /** The buffer holding the current line (valid until the next call to {@link #next}). */
  public byte[] buffer() {
    return buf;
  }

  public int lineStart() {
    return lineStart;
  }

  /** End of the current line's content, before any "\r\n" or "\n". */
  public int lineEnd() {
    return lineEnd;
  }

  /** Uncompressed offset just past the current line and its terminator. */
  public long consumed() {
    return bufStart + pos;
  }

  /** Uncompressed offset of the current line's first byte. */
  public long lineOffset() {
    return bufStart + lineStart;
  }
}
