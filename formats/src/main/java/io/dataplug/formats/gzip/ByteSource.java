package io.dataplug.formats.gzip;

import io.dataplug.formats.codec.NativeBytes;
import io.dataplug.formats.storage.Blob;
import java.io.IOException;

/**
 * Compressed bytes of a blob between two offsets, fetched with large ranged reads. The decoders read {@link #buf}
 * between {@link #pos} and {@link #limit} directly; or, made {@link #inNativeMemory}, ISA-L reads {@link #nativeBuf}
 * in place (the bytes are read straight into it, no Java array between) and Java only its headers.
 */
final class ByteSource implements AutoCloseable {
  /** Large ranged reads: on object stores every read is a request (8 MiB, as S3 guidance suggests). */
  static final int DEFAULT_CHUNK = 8 << 20;
  /** Past the soft end, only a little more data is expected: fetch it in small pieces. */
  static final int TAIL_CHUNK = 16 * 1024;

  private final Blob blob;
  private final long end;
  private final long softEnd;
  private final int chunkSize;
  /** The bytes, unless in native memory. */
  byte[] buf;
  /** The bytes, when in native memory ({@link #buf} is null then). */
  NativeBytes nativeBuf;
  int pos;
  int limit;
  /** Blob offset of the first byte held. */
  long bufStart;

  ByteSource(Blob blob, long start, long end, int chunkSize) {
    this(blob, start, end, end, chunkSize);
  }

  /**
   * @param softEnd where the bulk of the needed data ends: reads stop there, and continue past it in
   *     {@value #TAIL_CHUNK}-byte pieces up to {@code end}
   */
  ByteSource(Blob blob, long start, long end, long softEnd, int chunkSize) {
    this(blob, start, end, softEnd, chunkSize, false);
  }

  private ByteSource(Blob blob, long start, long end, long softEnd, int chunkSize, boolean inNativeMemory) {
    this.blob = blob;
    this.end = Math.min(end, blob.length());
    this.softEnd = Math.min(softEnd, this.end);
    this.chunkSize = chunkSize;
    int size = (int) Math.max(64, Math.min(chunkSize, Math.max(0, this.end - start)));
    if (inNativeMemory) {
      this.nativeBuf = new NativeBytes(size);
    } else {
      this.buf = new byte[size];
    }
    this.bufStart = start;
  }

  /** A source whose bytes are in native memory, for a native decoder to read in place; {@link #close()} frees it. */
  static ByteSource inNativeMemory(Blob blob, long start, long end, long softEnd, int chunkSize) {
    return new ByteSource(blob, start, end, softEnd, chunkSize, true);
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
      moveToStart(keep);
    }
    bufStart += pos;
    pos = 0;
    limit = keep;
    int capacity = buf != null ? buf.length : nativeBuf.capacity();
    if (capacity - limit < chunkSize / 2 && capacity < chunkSize * 2) {
      grow(Math.max(capacity * 2, chunkSize));
      capacity = buf != null ? buf.length : nativeBuf.capacity();
    }
    long untilSoftEnd = softEnd - next;
    int want = (int) Math.min(Math.min(capacity - limit, end - next), Math.max(TAIL_CHUNK, untilSoftEnd));
    if (buf != null) {
      blob.readFully(next, buf, limit, want);
    } else {
      blob.readFully(next, nativeBuf.slice(limit, want));
    }
    limit += want;
    return true;
  }

  /** Moves the {@code keep} unread bytes at {@link #pos} to the start. */
  private void moveToStart(int keep) {
    if (buf != null) {
      System.arraycopy(buf, pos, buf, 0, keep);
    } else {
      byte[] kept = new byte[keep];
      nativeBuf.copyTo(pos, kept, 0, keep);
      nativeBuf.slice(0, keep).put(kept);
    }
  }

  /** Grows to {@code capacity} bytes keeping {@code [0, limit)}. */
  private void grow(int capacity) {
    if (buf != null) {
      byte[] bigger = new byte[capacity];
      System.arraycopy(buf, 0, bigger, 0, limit);
      buf = bigger;
      return;
    }
    byte[] kept = new byte[limit];
    nativeBuf.copyTo(0, kept, 0, limit);
    nativeBuf.ensure(capacity);
    nativeBuf.slice(0, limit).put(kept);
  }

  /** The next byte, or -1 at the end. */
  int read() throws IOException {
    if (pos >= limit && !fill()) {
      return -1;
    }
    return buf != null ? buf[pos++] & 0xFF : nativeBuf.get(pos++);
  }

  @Override
  public void close() {
    if (nativeBuf != null) {
      nativeBuf.close();
    }
  }
}
