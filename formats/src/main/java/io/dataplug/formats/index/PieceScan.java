package io.dataplug.formats.index;

import io.dataplug.formats.gzip.GzipDecoder;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * One piece of a parallel index build, decoded with bytes: the CRC32 of its bytes and of the pieces of the gzip
 * members in it, its first record start (found on its own through {@link RecordSync}, or by the file-start scanner
 * in the file's first piece), and its records up to the first record start at or after the piece's end. Decoding
 * goes on past the end until that record start is seen. The end may be learned while decoding ({@link EndFinder}).
 */
final class PieceScan {
  private static final int BUFFER = 256 * 1024;
  /** Bytes a piece decodes looking for its first record start before it gives up. */
  private static final int GUESS_LIMIT = 8 << 20;

  /** Tells, at a block or member boundary, whether the piece ends there. */
  @FunctionalInterface
  interface EndFinder {
    /** The piece's end (uncompressed offset, {@code position}) when it ends at this boundary, else -1. */
    long atBoundary(GzipDecoder decoder, long position) throws IOException;

    EndFinder NONE = (decoder, position) -> -1;
  }

  /**
   * What a piece holds.
   *
   * @param synced false when the piece's first record start could not be confirmed on its own
   * @param recordStart its first record start (uncompressed offset)
   * @param headCrc CRC32 from the piece's start to that record
   * @param spanCrc CRC32 of the piece's bytes
   * @param records records from {@code recordStart} to {@code nextRecordStart}
   * @param nextRecordStart the first record start at or after the piece's end, or the total length
   * @param total the uncompressed length of the file when the piece decoded to its end, else -1
   * @param lastByte the piece's last byte, or -1 when it is empty
   * @param firstMemberEnd where the first gzip member that ends in the piece ends, or -1
   * @param firstPieceCrc CRC32 from the piece's start to {@code firstMemberEnd} (or the piece's end)
   * @param endedCrc the CRC32 in that member's trailer
   * @param endedSize the ISIZE in that trailer
   * @param lastPieceCrc CRC32 from the last member start in the piece to its end
   */
  record Result(boolean synced, long recordStart, int headCrc, int spanCrc, long records, long nextRecordStart,
      long total, int lastByte, long firstMemberEnd, long firstPieceCrc, long firstPieceLength, long endedCrc,
      long endedSize, long lastPieceCrc, long lastPieceLength) implements Serializable {
    static Result unsynced() {
      return new Result(false, -1, 0, 0, 0, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0);
    }

    /** The same with its offsets moved by {@code delta} (pieces decoded before their offset was known). */
    Result shifted(long delta) {
      return new Result(synced, recordStart + delta, headCrc, spanCrc, records, nextRecordStart + delta,
          total < 0 ? total : total + delta, lastByte, firstMemberEnd < 0 ? firstMemberEnd : firstMemberEnd + delta,
          firstPieceCrc, firstPieceLength, endedCrc, endedSize, lastPieceCrc, lastPieceLength);
    }
  }

  private final String uri;
  private final RecordSync sync;
  private final boolean fileStart;
  private final long start;
  private long end;

  private final CRC32 spanCrc = new CRC32();
  private final CRC32 memberPieceCrc = new CRC32();
  private final CRC32 headCrc = new CRC32();
  private long memberPieceStart;
  private boolean ownHeaderPending;
  private long firstMemberEnd = -1;
  private long firstPieceCrc;
  private long firstPieceLength;
  private long endedCrc;
  private long endedSize;
  private int lastByte = -1;

  private byte[] guess;
  private int guessLength;
  private int guessFrom;
  private RecordScanner scanner;
  private long recordStart = -1;
  private long nextRecordStart = -1;
  private long records;
  private long total = -1;
  private boolean lost;

  /**
   * @param fileStart whether the piece starts the file (its records are scanned as the sequential build does)
   * @param start the piece's first uncompressed offset
   * @param member whether the piece starts at a gzip member header
   * @param previousByte the byte before the piece, or -1 when unknown
   * @param end the piece's end, or {@link Long#MAX_VALUE} until an {@link EndFinder} says
   */
  PieceScan(String uri, RecordSync sync, boolean fileStart, long start, boolean member, int previousByte, long end) {
    this.uri = uri;
    this.sync = sync;
    this.fileStart = fileStart;
    this.start = start;
    this.end = end;
    this.memberPieceStart = start;
    this.ownHeaderPending = member;
    if (fileStart) {
      scanner = sync.scannerFromFileStart(uri);
    } else {
      guess = new byte[BUFFER + 1];
      if (previousByte >= 0) {
        guess[0] = (byte) previousByte;
        guessLength = 1;
        guessFrom = 1;
      }
    }
  }

  Result run(GzipDecoder decoder, EndFinder endFinder) throws IOException {
    return run(null, decoder, endFinder);
  }

  /**
   * Scans {@code bytes} first (the piece's start, decoded already), then what {@code decoder} reads after them.
   *
   * @param bytes the first bytes of the piece, or null
   */
  Result run(byte[] bytes, GzipDecoder decoder, EndFinder endFinder) throws IOException {
    long position = start;
    boolean done = false;
    if (bytes != null) {
      for (int off = 0; off < bytes.length && !done; off += BUFFER) {
        int n = Math.min(BUFFER, bytes.length - off);
        done = consume(bytes, off, n, position);
        position += n;
      }
    }
    byte[] buf = new byte[BUFFER];
    while (!done) {
      int n = decoder.read(buf, 0, buf.length);
      if (n == 0) {
        if (end == Long.MAX_VALUE) {
          long found = endFinder.atBoundary(decoder, position);
          if (found >= 0) {
            end = found;
          }
        }
        if (decoder.boundary() == GzipDecoder.Boundary.MEMBER) {
          memberBoundary(decoder, position);
        }
        continue;
      }
      if (n < 0) {
        if (position > start || !ownHeaderPending) {
          memberBoundary(decoder, position);
        }
        endOfData(position);
        break;
      }
      done = consume(buf, 0, n, position);
      position += n;
    }
    if (lost) {
      return Result.unsynced();
    }
    long pieceEnd = Math.min(position, end);
    long lastPieceLength = pieceEnd - memberPieceStart;
    if (firstMemberEnd < 0) {
      firstPieceCrc = memberPieceCrc.getValue();
      firstPieceLength = lastPieceLength;
    }
    return new Result(true, recordStart, (int) headCrc.getValue(), (int) spanCrc.getValue(), records,
        nextRecordStart, total, lastByte, firstMemberEnd, firstPieceCrc, firstPieceLength, endedCrc, endedSize,
        memberPieceCrc.getValue(), lastPieceLength);
  }

  /** Takes the next decoded bytes, {@code buf[off, off + n)} at {@code position}; returns whether no more are needed. */
  private boolean consume(byte[] buf, int off, int n, long position) throws IOException {
    int belowEnd = (int) Math.max(0, Math.min(n, end - position));
    if (belowEnd > 0) {
      spanCrc.update(buf, off, belowEnd);
      memberPieceCrc.update(buf, off, belowEnd);
      lastByte = buf[off + belowEnd - 1] & 0xFF;
    }
    records(buf, off, n, position);
    return lost || (nextRecordStart >= 0 && position + n > end);
  }

  /** A member ended at {@code position} (the decoder read the next header, or the end of the data). */
  private void memberBoundary(GzipDecoder decoder, long position) {
    if (ownHeaderPending) {
      ownHeaderPending = false;
      return;
    }
    if (position > end) {
      return;
    }
    if (firstMemberEnd < 0) {
      firstMemberEnd = position;
      firstPieceCrc = memberPieceCrc.getValue();
      firstPieceLength = position - memberPieceStart;
      endedCrc = decoder.lastTrailerCrc();
      endedSize = decoder.lastTrailerSize();
    }
    memberPieceCrc.reset();
    memberPieceStart = position;
  }

  private void records(byte[] b, int off, int n, long position) throws IOException {
    if (nextRecordStart >= 0) {
      return;
    }
    if (recordStart < 0 && !fileStart) {
      guess(b, off, n, false);
      return;
    }
    scan(b, off, n, position);
  }

  /** Gathers bytes until the format can tell where the first record starts. */
  private void guess(byte[] b, int off, int n, boolean endOfData) throws IOException {
    if (guessLength + n > guess.length) {
      if (guessLength + n > GUESS_LIMIT) {
        lost = true;
        return;
      }
      guess = Arrays.copyOf(guess, Math.max(guess.length * 2, guessLength + n));
    }
    System.arraycopy(b, off, guess, guessLength, n);
    guessLength += n;
    int at = sync.firstRecordStart(guess, guessFrom, guessLength, endOfData);
    if (at == RecordSync.NEED_MORE) {
      return;
    }
    recordStart = start + at - guessFrom;
    headCrc.update(guess, guessFrom, at - guessFrom);
    scanner = sync.scannerAtRecord(uri, recordStart);
    if (recordStart >= end || at == guessLength) {
      nextRecordStart = recordStart;
      records = 0;
      return;
    }
    byte[] rest = Arrays.copyOfRange(guess, at, guessLength);
    guess = null;
    scan(rest, 0, rest.length, recordStart);
  }

  /** Scans records; stops at the first record start at or after the piece's end. */
  private void scan(byte[] b, int off, int n, long position) throws IOException {
    try {
      int beforeEnd = (int) Math.max(0, Math.min(n, end - position));
      if (beforeEnd > 0) {
        int found = scanner.scan(b, off, beforeEnd);
        if (fileStart && recordStart < 0) {
          headCrc.update(b, off, found < 0 ? beforeEnd : found - off);
          if (found >= 0) {
            recordStart = position + found - off;
          }
        }
      }
      if (beforeEnd < n) {
        int found = scanner.scan(b, off + beforeEnd, n - beforeEnd);
        if (found >= 0) {
          nextRecordStart = position + found - off;
          records = scanner.lastFoundOrdinal();
          if (recordStart < 0) {
            // The file's first record starts after its first piece (only the first piece gets here).
            headCrc.update(b, off + beforeEnd, found - off - beforeEnd);
            recordStart = nextRecordStart;
          }
        }
      }
    } catch (IOException e) {
      if (fileStart) {
        throw e;
      }
      // A record start guessed wrongly can make good data look broken: the sequential pass decides.
      lost = true;
    }
  }

  private void endOfData(long position) throws IOException {
    total = position;
    if (nextRecordStart >= 0 || lost) {
      return;
    }
    if (recordStart < 0 && !fileStart) {
      guess(new byte[0], 0, 0, true);
      if (nextRecordStart >= 0 || lost) {
        return;
      }
      if (recordStart < 0) {
        lost = true;
        return;
      }
    }
    try {
      records = scanner.finish();
    } catch (IOException e) {
      if (fileStart) {
        throw e;
      }
      lost = true;
      return;
    }
    if (fileStart && recordStart < 0) {
      recordStart = position;
    }
    nextRecordStart = position;
  }
}
