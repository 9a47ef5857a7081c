package io.dataplug.formats.vcf;

import io.dataplug.formats.index.RecordScanner;
import io.dataplug.formats.text.Newlines;
import java.nio.charset.StandardCharsets;

/**
 * Finds VCF record starts in the indexing pass: every non-empty line that does not start with '#' is a record.
 * Checks that the file starts like a VCF file; the lines themselves are checked when they are read.
 */
final class VcfScanner implements RecordScanner {
  private static final byte[] MAGIC = "##fileformat=VCF".getBytes(StandardCharsets.US_ASCII);

  private final String uri;
  private long position;
  private boolean atLineStart = true;
  private long records;
  private long lastFoundOrdinal = -1;

  VcfScanner(String uri) {
    this.uri = uri;
  }

  @Override
  public int scan(byte[] b, int off, int len) throws VcfFormatException {
    int end = off + len;
    int first = -1;
    int i = off;
    while (i < end) {
      if (position + (i - off) < MAGIC.length) {
        int k = (int) (position + (i - off));
        if (b[i] != MAGIC[k]) {
          throw new VcfFormatException(uri + " is not a VCF file: it does not start with ##fileformat=VCF");
        }
        atLineStart = false;
        i++;
        continue;
      }
      if (atLineStart) {
        atLineStart = false;
        if (b[i] != '#' && b[i] != '\n' && b[i] != '\r') {
          if (first < 0) {
            first = i;
            lastFoundOrdinal = records;
          }
          records++;
        }
      }
      int newline = Newlines.next(b, i, end);
      if (newline == end) {
        break;
      }
      atLineStart = true;
      i = newline + 1;
    }
    position += len;
    return first;
  }

  @Override
  public long lastFoundOrdinal() {
    return lastFoundOrdinal;
  }

  @Override
  public long finish() throws VcfFormatException {
    if (position < MAGIC.length) {
      throw new VcfFormatException(uri + " is not a VCF file: it does not start with ##fileformat=VCF");
    }
    return records;
  }
}
