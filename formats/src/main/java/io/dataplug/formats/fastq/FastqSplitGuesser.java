package io.dataplug.formats.fastq;

import io.dataplug.formats.text.Newlines;
import io.dataplug.formats.storage.Blob;
import java.io.IOException;

/**
 * Finds record starts in a plain FASTQ file without an index, only where the file has strict four-line records:
 * a candidate '@' line counts as a record start when it and the next records each have an '@' line, a line of
 * sequence letters, a '+' line and a quality line of the same length. A quality line starting with '@' never
 * passes, because the line after it (a header) is not sequence letters. Wrapped FASTQ fails the check, and then
 * the caller reads the file in one piece or asks for an index.
 */
public final class FastqSplitGuesser {
  private static final int WINDOW = 256 * 1024;
  private static final int RECORDS_TO_CHECK = 4;

  private FastqSplitGuesser() {}

  /** The first verified record start at or after {@code offset}, the file length at its end, or -1 when none. */
  public static long recordStartAtOrAfter(Blob blob, long offset) throws IOException {
    long length = blob.length();
    if (offset >= length) {
      return length;
    }
    long from = Math.max(0, offset - 1);
    byte[] b = new byte[(int) Math.min(WINDOW, length - from)];
    blob.readFully(from, b, 0, b.length);
    boolean reachesEnd = from + b.length == length;
    int at = recordStartIn(b, (int) (offset - from), b.length, reachesEnd);
    return at >= 0 && at < b.length ? from + at : -1;
  }

  /**
   * The first verified record start at or after {@code from} in {@code b[0, len)} ({@code b[from - 1]} is the byte
   * before it, or {@code from} is 0 at the file's start); {@code len} when {@code reachesEnd} and none starts, -1
   * when the bytes cannot tell.
   */
  public static int recordStartIn(byte[] b, int from, int len, boolean reachesEnd) {
    for (int i = from; i < len; i++) {
      boolean lineStart = i == 0 || b[i - 1] == '\n';
      if (lineStart && b[i] == '@') {
        int verdict = strictRecordsAt(b, i, len, reachesEnd);
        if (verdict > 0) {
          return i;
        }
        if (verdict < 0) {
          return -1;
        }
      }
    }
    return reachesEnd ? len : -1;
  }

  /** 1: strict records follow; 0: not a record start; -1: cannot tell within the window. */
  private static int strictRecordsAt(byte[] b, int start, int limit, boolean reachesEnd) {
    int p = start;
    for (int record = 0; record < RECORDS_TO_CHECK; record++) {
      if (p >= limit && reachesEnd) {
        return record > 0 ? 1 : 0;
      }
      int[] line = new int[8];
      for (int k = 0; k < 4; k++) {
        int end = Newlines.next(b, p, limit);
        if (end == limit && !(reachesEnd && k == 3)) {
          return -1;
        }
        int contentEnd = end > p && b[end - 1] == '\r' ? end - 1 : end;
        line[2 * k] = p;
        line[2 * k + 1] = contentEnd - p;
        p = end + 1;
      }
      if (line[1] == 0 || b[line[0]] != '@' || line[5] == 0 || b[line[4]] != '+' || line[3] != line[7]) {
        return 0;
      }
      for (int i = line[2]; i < line[2] + line[3]; i++) {
        byte c = b[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == '-' || c == '*')) {
          return 0;
        }
      }
    }
    return 1;
  }
}
