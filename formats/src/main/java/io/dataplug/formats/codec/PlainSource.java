package io.dataplug.formats.codec;

import io.dataplug.formats.storage.Blob;
import java.io.IOException;

/** An uncompressed file read from an offset with large ranged reads. */
public final class PlainSource implements DecodedSource {
  /** Large ranged reads: on object stores every read is a request. */
  private static final int CHUNK = 8 << 20;
  private final Blob blob;
  private final long end;
  private final byte[] buffer;
  private int pos;
  private int limit;
  private long bufferStart;

  public PlainSource(Blob blob, long start, long end) {
    this.blob = blob;
    this.end = Math.min(end, blob.length());
    this.bufferStart = start;
    this.buffer = new byte[(int) Math.max(1, Math.min(CHUNK, this.end - start))];
  }

  @Override
  public long position() {
    return bufferStart + pos;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (pos >= limit) {
      bufferStart += limit;
      pos = 0;
      limit = (int) Math.min(buffer.length, end - bufferStart);
      if (limit <= 0) {
        limit = 0;
        return -1;
      }
      blob.readFully(bufferStart, buffer, 0, limit);
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(buffer, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public void close() {}
}
