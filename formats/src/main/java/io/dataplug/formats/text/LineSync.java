package io.dataplug.formats.text;

import io.dataplug.formats.index.RecordScanner;
import io.dataplug.formats.index.RecordSync;

/** Every line is a record: the first record start is after the first line end. */
public final class LineSync implements RecordSync {
  @Override
  public int firstRecordStart(byte[] b, int from, int len, boolean endOfData) {
    if (from == 0 || b[from - 1] == '\n') {
      return from < len || endOfData ? from : NEED_MORE;
    }
    int newline = Newlines.next(b, from, len);
    if (newline < len) {
      return newline + 1 < len || endOfData ? newline + 1 : NEED_MORE;
    }
    return endOfData ? len : NEED_MORE;
  }

  @Override
  public RecordScanner scannerFromFileStart(String uri) {
    return new LineScanner();
  }

  @Override
  public RecordScanner scannerAtRecord(String uri, long offset) {
    return new LineScanner();
  }
}
