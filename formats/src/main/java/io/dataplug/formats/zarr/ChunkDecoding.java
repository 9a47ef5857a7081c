package io.dataplug.formats.zarr;

import io.dataplug.formats.codec.BufferInflater;
import io.dataplug.formats.codec.InflaterEngine;

/**
 * What decoding a reader's chunks keeps between chunks: the zlib inflater of the chosen engine (libdeflate where the
 * host has it, about 1.7 times the JDK's zlib) and c-blosc's buffers where it decodes Blosc, opened on first use and
 * freed by {@link #close()}.
 */
final class ChunkDecoding implements AutoCloseable {
  private final InflaterEngine engine;
  private final boolean nativeBlosc;
  private BufferInflater zlib;
  private LibBlosc.Decoder blosc;

  ChunkDecoding(InflaterEngine engine, ZarrFormat.BloscEngine bloscEngine) {
    this.engine = engine;
    this.nativeBlosc = bloscEngine.resolve() == ZarrFormat.BloscEngine.LIBBLOSC;
  }

  /** c-blosc's decoder, or null where the Java decoder decodes Blosc. */
  LibBlosc.Decoder blosc() {
    if (blosc == null && nativeBlosc) {
      blosc = new LibBlosc.Decoder();
    }
    return blosc;
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
    if (blosc != null) {
      blosc.close();
      blosc = null;
    }
  }
}
