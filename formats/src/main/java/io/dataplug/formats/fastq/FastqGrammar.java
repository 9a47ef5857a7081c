package io.dataplug.formats.fastq;

/**
 * The FASTQ record structure, line by line: an {@code @} header; sequence lines up to a line starting with
 * {@code +}; then quality lines until the quality is exactly as long as the sequence. Counting the quality length
 * is what makes quality lines that start with {@code @} or {@code +}, and wrapped (multi-line) records, come out
 * right. Blank lines between records are skipped. Line lengths exclude the line end ({@code \n} or {@code \r\n}).
 */
final class FastqGrammar {
  static final int BLANK = 0;
  static final int HEADER = 1;
  static final int SEQUENCE = 2;
  static final int SEPARATOR = 3;
  static final int QUALITY = 4;
  /** The line completed a record. */
  static final int QUALITY_END = 5;

  private static final int EXPECT_HEADER = 0;
  private static final int IN_SEQUENCE = 1;
  private static final int IN_QUALITY = 2;

  private final String uri;
  private int state = EXPECT_HEADER;
  private long sequenceLength;
  private long qualityLength;
  private long records;
  private long recordStart;

  FastqGrammar(String uri, long firstOrdinal) {
    this.uri = uri;
    this.records = firstOrdinal;
  }

  boolean expectsHeader() {
    return state == EXPECT_HEADER;
  }

  /** Records completed so far (plus the first ordinal): the ordinal of the next record. */
  long records() {
    return records;
  }

  long recordStart() {
    return recordStart;
  }

  /** Puts the grammar back at a record start, for a reader that re-parses a record after refilling its buffer. */
  void restartRecord(long ordinal) {
    state = EXPECT_HEADER;
    records = ordinal;
  }

  /**
   * Classifies one complete line.
   *
   * @param first the line's first byte, or -1 for an empty line
   * @param length the line's length without its line end
   * @param offset the line's uncompressed offset in the file
   */
  int line(int first, int length, long offset) throws FastqFormatException {
    switch (state) {
      case EXPECT_HEADER -> {
        if (length == 0) {
          return BLANK;
        }
        if (first != '@') {
          throw new FastqFormatException(offset == 0
              ? uri + ": not a FASTQ file: it does not start with '@' (first byte 0x" + Integer.toHexString(first) + ")"
              : uri + ": expected a FASTQ record header starting with '@' at byte " + offset + " (record " + records
                  + "), found 0x" + Integer.toHexString(first));
        }
        recordStart = offset;
        sequenceLength = 0;
        state = IN_SEQUENCE;
        return HEADER;
      }
      case IN_SEQUENCE -> {
        if (first == '+') {
          qualityLength = 0;
          if (sequenceLength == 0) {
            state = EXPECT_HEADER;
            records++;
            return QUALITY_END;
          }
          state = IN_QUALITY;
          return SEPARATOR;
        }
        if (first == '@') {
          throw new FastqFormatException(uri + ": FASTQ record " + records + " starting at byte " + recordStart
              + " has no '+' line before the next '@' line at byte " + offset);
        }
        sequenceLength += length;
        return SEQUENCE;
      }
      default -> {
        qualityLength += length;
        if (qualityLength == sequenceLength) {
          state = EXPECT_HEADER;
          records++;
          return QUALITY_END;
        }
        if (qualityLength > sequenceLength) {
          throw new FastqFormatException(uri + ": FASTQ record " + records + " starting at byte " + recordStart
              + " has " + qualityLength + " quality characters for " + sequenceLength + " bases (line at byte "
              + offset + ")");
        }
        return QUALITY;
      }
    }
  }

  /** Checks that the input did not end inside a record. */
  void finish(long endOffset) throws FastqFormatException {
    if (state != EXPECT_HEADER) {
      throw new FastqFormatException(uri + ": truncated FASTQ: the data ends at byte " + endOffset + " inside record "
          + records + " that starts at byte " + recordStart);
    }
  }
}
