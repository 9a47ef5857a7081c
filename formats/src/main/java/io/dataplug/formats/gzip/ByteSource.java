package io.dataplug.formats.gzip;

import io.dataplug.formats.storage.Blob;
import java.io.IOException;

/**
 * Compressed bytes of a blob between two offsets, fetched with large ranged reads. The decoders read {@link #buf}
 * between {@link #pos} and {@link #limit} directly.
 */
final class ByteSource {
  /** Large ranged reads: on object stores every read is a request (8 MiB, as S3 guidance suggests). */
  static final int DEFAULT_CHUNK = 8 << 20;
  /** Past the soft end, only a little more data is expected: fetch it in small pieces. */
  static final int TAIL_CHUNK = 16 * 1024;

  private final Blob blob;
  private final long end;
  private final long softEnd;
  private final int chunkSize;
  byte[] buf;
  int pos;
  int limit;
  /** Blob offset of buf[0]. */
  long bufStart;

  ByteSource(Blob blob, long start, long end, int chunkSize) {
    this(blob, start, end, end, chunkSize);
  }

  /**
   * @param softEnd where the bulk of the needed data ends: reads stop there, and continue past it in
   *     {@value #TAIL_CHUNK}-byte pieces up to {@code end}
   */
  ByteSource(Blob blob, long start, long end, long softEnd, int chunkSize) {
    this.blob = blob;
    this.end = Math.min(end, blob.length());
    this.softEnd = Math.min(softEnd, this.end);
    this.chunkSize = chunkSize;
    this.buf = new byte[(int) Math.max(64, Math.min(chunkSize, Math.max(0, this.end - start)))];
    this.bufStart = start;
  }

  String uri() {
    return blob.uri();
  }

  /** Blob offset of the next unread byte. */
  long position() {
    return bufStart + pos;
  }

  long end() {
    return end;
  }

  boolean atEnd() throws IOException {
    return pos >= limit && !fill();
  }

  /**
   * Keeps the unread bytes and appends the next chunk. Returns false when nothing more can be read.
   */
  boolean fill() throws IOException {
    long next = bufStart + limit;
    if (next >= end) {
      return false;
    }
    int keep = limit - pos;
    if (keep > 0 && pos > 0) {
      System.arraycopy(buf, pos, buf, 0, keep);
    }
    bufStart += pos;
    pos = 0;
    limit = keep;
    int room = buf.length - limit;
    if (room < chunkSize / 2 && buf.length < chunkSize * 2) {
      byte[] bigger = new byte[Math.max(buf.length * 2, chunkSize)];
      System.arraycopy(buf, 0, bigger, 0, limit);
      buf = bigger;
      room = buf.length - limit;
    }
    long untilSoftEnd = softEnd - next;
    int want = (int) Math.min(Math.min(room, end - next), Math.max(TAIL_CHUNK, untilSoftEnd));
    blob.readFully(next, buf, limit, want);
    limit += want;
    return true;
  }

  /** The next byte, or -1 at the end. */
  int read() throws IOException {
    if (pos >= limit && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xFF;
  }
}
