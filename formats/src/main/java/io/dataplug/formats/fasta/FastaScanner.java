package io.dataplug.formats.fasta;

import io.dataplug.formats.index.RecordScanner;
import io.dataplug.formats.text.Newlines;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds FASTA records ('>' header lines) in the indexing pass and builds the contig table a {@code .fai} would hold,
 * checking the layout random access needs: within a contig every sequence line but the last has the same length.
 */
final class FastaScanner implements RecordScanner {
  private static final int MAX_HEADER = 1 << 16;

  private final String uri;
  private final List<FastaContig> contigs = new ArrayList<>();
  private long position;
  private long lineNumber;
  private boolean atLineStart = true;
  private boolean inHeader;
  private final ByteArrayOutputStream header = new ByteArrayOutputStream();
  private long lineStart;
  private long lineLength;
  private boolean lastByteWasCr;
  private long lastFoundOrdinal = -1;

  /** The contig being read. */
  private String name;
  private String description;
  private long offset;
  private long bases;
  private int lineBases = -1;
  private int lineBytes;
  private boolean shortLineSeen;
  private long shortLineNumber;

  FastaScanner(String uri) {
    this.uri = uri;
  }

  @Override
  public int scan(byte[] b, int off, int len) throws FastaFormatException {
    int first = -1;
    int i = off;
    int end = off + len;
    while (i < end) {
      if (atLineStart) {
        atLineStart = false;
        lineStart = position + (i - off);
        lineLength = 0;
        lineNumber++;
        inHeader = b[i] == '>';
        if (inHeader) {
          if (first < 0) {
            first = i;
            lastFoundOrdinal = contigs.size() + (name != null ? 1 : 0);
          }
          header.reset();
        }
      }
      int newline = Newlines.next(b, i, end);
      if (inHeader && header.size() < MAX_HEADER) {
        header.write(b, i, Math.min(newline - i, MAX_HEADER - header.size()));
      }
      if (newline == end) {
        lineLength += end - i;
        lastByteWasCr = b[end - 1] == '\r';
        break;
      }
      boolean cr = newline > i ? b[newline - 1] == '\r' : lineLength > 0 && lastByteWasCr;
      lineLength += newline - i;
      endLine(cr, true);
      i = newline + 1;
    }
    position += len;
    return first;
  }

  private void endLine(boolean cr, boolean terminated) throws FastaFormatException {
    atLineStart = true;
    long content = lineLength - (cr ? 1 : 0);
    if (inHeader) {
      finishContig();
      String text = new String(header.toByteArray(), StandardCharsets.UTF_8);
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
      text = text.substring(1);
      int space = 0;
      while (space < text.length() && text.charAt(space) != ' ' && text.charAt(space) != '\t') {
        space++;
      }
      name = text.substring(0, space);
      description = space < text.length() ? text.substring(space + 1) : "";
      offset = lineStart + lineLength + (terminated ? 1 : 0);
      bases = 0;
      lineBases = -1;
      lineBytes = 0;
      shortLineSeen = false;
      return;
    }
    if (name == null) {
      if (content == 0) {
        return;
      }
      throw new FastaFormatException(uri + ": line " + lineNumber + " (byte " + lineStart + ") comes before the"
          + " first '>' header: not a FASTA file");
    }
    if (content == 0) {
      shortLineSeen = true;
      shortLineNumber = lineNumber;
      return;
    }
    if (shortLineSeen || (lineBases >= 0 && content > lineBases)) {
      throw new FastaFormatException(uri + ": contig " + name + " has lines of different lengths (line "
          + (shortLineSeen ? shortLineNumber : lineNumber) + ", byte " + lineStart + "); random access needs equal"
          + " line lengths within a contig, as samtools faidx does");
    }
    if (lineBases < 0) {
      lineBases = (int) content;
      lineBytes = (int) (lineLength + (terminated ? 1 : 0));
    } else if (content < lineBases) {
      shortLineSeen = true;
      shortLineNumber = lineNumber;
    }
    bases += content;
  }

  private void finishContig() {
    if (name != null) {
      contigs.add(new FastaContig(name, description, bases, offset, Math.max(0, lineBases), lineBytes));
      name = null;
    }
  }

  @Override
  public long lastFoundOrdinal() {
    return lastFoundOrdinal;
  }

  @Override
  public long finish() throws FastaFormatException {
    if (!atLineStart) {
      endLine(lastByteWasCr, false);
    }
    finishContig();
    if (contigs.isEmpty()) {
      throw new FastaFormatException(uri + " has no '>' header line: not a FASTA file");
    }
    return contigs.size();
  }

  @Override
  public byte[] formatTable() {
    return FastaContigs.encode(contigs);
  }
}
