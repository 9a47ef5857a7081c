package io.dataplug.formats.fastq;

import io.dataplug.formats.text.Newlines;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads FASTQ records from a stream that starts at a record start. Plain four-line records are handed over as
 * ranges of the read buffer without copying; wrapped (multi-line) sequence and quality are joined first.
 */
public final class FastqRecordReader {

  /** Receives each record; the arrays are only valid during the call. */
  public interface Sink {
    void record(byte[] header, int nameOffset, int nameLength, int descriptionOffset, int descriptionLength,
        byte[] sequence, int sequenceOffset, int sequenceLength, byte[] quality, int qualityOffset, int qualityLength,
        long ordinal);
  }

  private static final int NEED_MORE = 0;
  private static final int RECORD = 1;
  private static final int END = -1;

  private final InputStream in;
  private final FastqGrammar grammar;
  private byte[] buf = new byte[1 << 20];
  private int pos;
  private int limit;
  private long bufStart;
  private boolean eof;

  private final LineRanges sequenceLines = new LineRanges();
  private final LineRanges qualityLines = new LineRanges();
  private byte[] joinedSequence = new byte[1024];
  private byte[] joinedQuality = new byte[1024];

  /**
   * @param startOffset uncompressed offset of the stream's first byte, for messages
   * @param firstOrdinal ordinal of the first record in the stream
   */
  public FastqRecordReader(InputStream in, String uri, long startOffset, long firstOrdinal) {
    this.in = in;
    this.grammar = new FastqGrammar(uri, firstOrdinal);
    this.bufStart = startOffset;
  }

  /** Ordinal of the next record. */
  public long nextOrdinal() {
    return grammar.records();
  }

  /** Reads the next record into {@code sink}; false at the end of the stream. */
  public boolean next(Sink sink) throws IOException {
    while (true) {
      long ordinal = grammar.records();
      int result = parse(sink);
      if (result == RECORD) {
        return true;
      }
      if (result == END) {
        return false;
      }
      grammar.restartRecord(ordinal);
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

  private int parse(Sink sink) throws IOException {
    int p = pos;
    int nameOffset = 0;
    int nameLength = 0;
    int descriptionOffset = 0;
    int descriptionLength = -1;
    sequenceLines.clear();
    qualityLines.clear();
    while (true) {
      if (p >= limit) {
        if (!eof) {
          return NEED_MORE;
        }
        if (grammar.expectsHeader()) {
          pos = p;
          return END;
        }
        grammar.finish(bufStart + p);
      }
      byte[] b = buf;
      int end = limit;
      int newline = Newlines.next(b, p, end);
      if (newline == end && !eof) {
        return NEED_MORE;
      }
      int next = newline == end ? end : newline + 1;
      int contentEnd = newline > p && b[newline - 1] == '\r' ? newline - 1 : newline;
      int length = contentEnd - p;
      int event = grammar.line(length == 0 ? -1 : b[p] & 0xFF, length, bufStart + p);
      switch (event) {
        case FastqGrammar.BLANK -> pos = next;
        case FastqGrammar.HEADER -> {
          nameOffset = p + 1;
          int space = Newlines.nextBlank(b, nameOffset, contentEnd);
          nameLength = space - nameOffset;
          if (space < contentEnd) {
            descriptionOffset = space + 1;
            descriptionLength = contentEnd - descriptionOffset;
          }
        }
        case FastqGrammar.SEQUENCE -> sequenceLines.add(p, length);
        case FastqGrammar.QUALITY -> qualityLines.add(p, length);
        case FastqGrammar.QUALITY_END -> {
          if (sequenceLines.total > 0) {
            qualityLines.add(p, length);
          }
          long ordinal = grammar.records() - 1;
          emit(sink, nameOffset, nameLength, descriptionOffset, descriptionLength, ordinal);
          pos = next;
          return RECORD;
        }
        default -> {
          // separator line: nothing to keep
        }
      }
      p = next;
    }
  }

  private void emit(Sink sink, int nameOffset, int nameLength, int descriptionOffset, int descriptionLength,
      long ordinal) {
    byte[] sequence = buf;
    int sequenceOffset = sequenceLines.count == 0 ? 0 : sequenceLines.offsets[0];
    int sequenceLength = sequenceLines.count == 0 ? 0 : sequenceLines.lengths[0];
    if (sequenceLines.count > 1) {
      joinedSequence = sequenceLines.join(buf, joinedSequence);
      sequence = joinedSequence;
      sequenceOffset = 0;
      sequenceLength = sequenceLines.total;
    }
    byte[] quality = buf;
    int qualityOffset = qualityLines.count == 0 ? 0 : qualityLines.offsets[0];
    int qualityLength = qualityLines.count == 0 ? 0 : qualityLines.lengths[0];
    if (qualityLines.count > 1) {
      joinedQuality = qualityLines.join(buf, joinedQuality);
      quality = joinedQuality;
      qualityOffset = 0;
      qualityLength = qualityLines.total;
    }
    sink.record(buf, nameOffset, nameLength, descriptionOffset, descriptionLength, sequence, sequenceOffset,
        sequenceLength, quality, qualityOffset, qualityLength, ordinal);
  }

  /** Line ranges of a wrapped sequence or quality. */
  private static final class LineRanges {
    int[] offsets = new int[4];
    int[] lengths = new int[4];
    int count;
    int total;

    void clear() {
      count = 0;
      total = 0;
    }

    void add(int offset, int length) {
      if (count == offsets.length) {
        offsets = java.util.Arrays.copyOf(offsets, count * 2);
        lengths = java.util.Arrays.copyOf(lengths, count * 2);
      }
      offsets[count] = offset;
      lengths[count] = length;
      count++;
      total += length;
    }

    byte[] join(byte[] from, byte[] into) {
      byte[] out = into.length >= total ? into : new byte[Math.max(total, into.length * 2)];
      int at = 0;
      for (int i = 0; i < count; i++) {
        System.arraycopy(from, offsets[i], out, at, lengths[i]);
        at += lengths[i];
      }
      return out;
    }
  }
}
