package io.dataplug.formats.text;

import io.dataplug.formats.index.RecordScanner;

/** Every line is a record: the index of any text file, for splitting it at line starts. */
public final class LineScanner implements RecordScanner {
  private long lines;
  private boolean lineStartsNext = true;
  private long lastFound = -1;

  @Override
  public int scan(byte[] b, int off, int len) {
    int end = off + len;
    int first = -1;
    int at = off;
    if (len > 0 && lineStartsNext) {
      lineStartsNext = false;
      first = off;
      lastFound = lines++;
    }
    while (at < end) {
      int newline = Newlines.next(b, at, end);
      if (newline >= end) {
        break;
      }
      at = newline + 1;
      if (at == end) {
        lineStartsNext = true;
      } else {
        if (first < 0) {
          first = at;
          lastFound = lines;
        }
        lines++;
      }
    }
    return first;
  }

  @Override
  public long lastFoundOrdinal() {
    return lastFound;
  }

  @Override
  public long finish() {
    return lines;
  }
}
