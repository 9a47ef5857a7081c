package io.dataplug.formats.fastq;

import io.dataplug.formats.text.Newlines;
import io.dataplug.formats.index.RecordScanner;

/** Finds FASTQ record starts in the indexing pass without keeping any data, validating the structure. */
public final class FastqScanner implements RecordScanner {
  private final FastqGrammar grammar;
  private long position;
  private boolean atLineStart = true;
  private int lineFirst;
  private long lineStart;
  private long lineLength;
  private boolean lastByteWasCr;
  private long lastFoundOrdinal = -1;

  public FastqScanner(String uri) {
    this(uri, 0);
  }

  /** A scanner whose first byte is at {@code offset} in the file (for positions in messages). */
  public FastqScanner(String uri, long offset) {
    this.grammar = new FastqGrammar(uri, 0);
    this.position = offset;
  }

  @Override
  public int scan(byte[] b, int off, int len) throws FastqFormatException {
    int first = -1;
    int i = off;
    int end = off + len;
    while (i < end) {
      if (atLineStart) {
        lineFirst = b[i] & 0xFF;
        lineStart = position + (i - off);
        lineLength = 0;
        atLineStart = false;
        if (first < 0 && lineFirst == '@' && grammar.expectsHeader()) {
          first = i;
          lastFoundOrdinal = grammar.records();
        }
      }
      int newline = Newlines.next(b, i, end);
      if (newline == end) {
        lineLength += end - i;
        lastByteWasCr = b[end - 1] == '\r';
        break;
      }
      boolean cr = newline > i ? b[newline - 1] == '\r' : lineLength > 0 && lastByteWasCr;
      lineLength += newline - i;
      endLine(cr);
      i = newline + 1;
    }
    position += len;
    return first;
  }

  private void endLine(boolean cr) throws FastqFormatException {
    int length = (int) Math.min(Integer.MAX_VALUE, lineLength - (cr ? 1 : 0));
    grammar.line(length == 0 ? -1 : lineFirst, length, lineStart);
    atLineStart = true;
  }

  @Override
  public long lastFoundOrdinal() {
    return lastFoundOrdinal;
  }

  @Override
  public long finish() throws FastqFormatException {
    if (!atLineStart) {
      endLine(lastByteWasCr);
    }
    grammar.finish(position);
    return grammar.records();
  }
}
