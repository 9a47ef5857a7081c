package io.dataplug.formats.vcf;

import io.dataplug.formats.index.RecordScanner;
import io.dataplug.formats.text.Newlines;
import java.nio.charset.StandardCharsets;

/**
 * Finds VCF record starts in the indexing pass: every non-empty line that does not start with '#' is a record.
 * Checks that the file starts like a VCF file and keeps where records lie on the genome ({@link VcfBlocks}, from
 * CHROM, POS, REF and INFO's END); the lines themselves are checked when they are read. A line whose position cannot
 * be parsed here counts as lying everywhere, so region filters never drop it.
 */
final class VcfScanner implements RecordScanner {
  private static final byte[] MAGIC = "##fileformat=VCF".getBytes(StandardCharsets.US_ASCII);
  /** Bytes of a line kept to parse its first eight columns; a longer INFO makes the record's end unknown. */
  private static final int HEAD_LIMIT = 1 << 20;
  private static final int INFO_COLUMN_END = 8;

  private final String uri;
  private final VcfBlocks.Builder blocks = new VcfBlocks.Builder();
  private long position;
  private boolean atLineStart = true;
  private long records;
  private long lastFoundOrdinal = -1;

  /** The current record line's first columns. */
  private boolean collecting;
  private byte[] head = new byte[4096];
  private int headLength;
  private int tabs;
  private boolean truncated;

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
          collecting = true;
          headLength = 0;
          tabs = 0;
          truncated = false;
        }
      }
      if (collecting) {
        i = collect(b, i, end);
        if (i == end) {
          break;
        }
        if (b[i] == '\n') {
          endRecord();
          atLineStart = true;
          i++;
          continue;
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

  /** Copies the line's bytes up to the end of its INFO column; returns where it stopped (a '\n', or the end). */
  private int collect(byte[] b, int from, int end) {
    int i = from;
    while (i < end) {
      byte c = b[i];
      if (c == '\n') {
        return i;
      }
      if (c == '\t' && ++tabs == INFO_COLUMN_END) {
        endRecord();
        return i + 1;
      }
      if (headLength == head.length) {
        if (head.length >= HEAD_LIMIT) {
          truncated = true;
          endRecord();
          return i;
        }
        head = java.util.Arrays.copyOf(head, head.length * 2);
      }
      head[headLength++] = c;
      i++;
    }
    return i;
  }

  /** Parses the collected columns into the block table (once per record). */
  private void endRecord() {
    if (!collecting) {
      return;
    }
    collecting = false;
    int length = headLength > 0 && head[headLength - 1] == '\r' ? headLength - 1 : headLength;
    String[] columns = new String(head, 0, length, StandardCharsets.UTF_8).split("\t", -1);
    String contig = columns[0];
    long start = 0;
    long endPosition = Long.MAX_VALUE;
    try {
      if (columns.length >= 4 && !truncated) {
        start = Long.parseLong(columns[1]) - 1;
        endPosition = start + columns[3].length();
        if (columns.length >= 8) {
          for (String entry : columns[7].split(";")) {
            if (entry.startsWith("END=")) {
              endPosition = Math.max(endPosition, Long.parseLong(entry.substring(4)));
            }
          }
        }
      }
    } catch (NumberFormatException e) {
      start = 0;
      endPosition = Long.MAX_VALUE;
    }
    blocks.add(records, contig, start, endPosition);
    records++;
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
    endRecord();
    return records;
  }

  @Override
  public byte[] formatTable() {
    return blocks.build().encode();
  }
}
