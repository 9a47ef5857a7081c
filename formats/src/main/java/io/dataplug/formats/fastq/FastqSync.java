package io.dataplug.formats.fastq;

import io.dataplug.formats.index.RecordScanner;
import io.dataplug.formats.index.RecordSync;

/** FASTQ record starts in the middle of a file, where its records are strict four-line ones. */
final class FastqSync implements RecordSync {
  @Override
  public int firstRecordStart(byte[] b, int from, int len, boolean endOfData) {
    return FastqSplitGuesser.recordStartIn(b, from, len, endOfData);
  }

  @Override
  public RecordScanner scannerFromFileStart(String uri) {
    return new FastqScanner(uri);
  }

  @Override
  public RecordScanner scannerAtRecord(String uri, long offset) {
    return new FastqScanner(uri, offset);
  }
}
