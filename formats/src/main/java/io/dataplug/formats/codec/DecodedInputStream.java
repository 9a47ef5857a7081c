package io.dataplug.formats.codec;

import java.io.IOException;
import java.io.InputStream;

/** A {@link DecodedSource} as an {@link InputStream}, for reads that need no verification. */
public final class DecodedInputStream extends InputStream {
  private final DecodedSource source;

  public DecodedInputStream(DecodedSource source) {
    this.source = source;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n;
    do {
      n = source.read(b, off, len);
    } while (n == 0);
    return n;
  }

  @Override
  public void close() {
    source.close();
  }
}
