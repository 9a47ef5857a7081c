package io.dataplug.formats.codec;

import java.io.IOException;

/** Uncompressed bytes of a file from some offset on: a gzip decoder, or a plain file read by ranges. */
public interface DecodedSource extends AutoCloseable {

  /** Uncompressed offset of the next byte. */
  long position();

  /** Reads up to {@code len} bytes; -1 at the end; 0 only when the source stopped at a boundary. */
  int read(byte[] b, int off, int len) throws IOException;

  @Override
  void close();
}
