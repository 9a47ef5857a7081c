package io.dataplug.formats.zarr;

import io.dataplug.formats.codec.BufferInflater;
import io.dataplug.formats.codec.InflaterEngine;

/**
 * What decoding a reader's chunks keeps between chunks: the zlib inflater of the chosen engine (libdeflate where the
 * host has it, about 1.7 times the JDK's zlib), opened on first use and freed by {@link #close()}.
 */
final class ChunkDecoding implements AutoCloseable {
  private final InflaterEngine engine;
  private BufferInflater zlib;

  ChunkDecoding(InflaterEngine engine) {
    this.engine = engine;
  }

  /** A zlib (RFC 1950) inflater for whole chunks of known size. */
  BufferInflater zlib() {
    if (zlib == null) {
      zlib = BufferInflater.open(engine, true);
    }
    return zlib;
  }

  @Override
  public void close() {
    if (zlib != null) {
      zlib.close();
      zlib = null;
    }
  }
}
