package io.dataplug.formats.codec;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates whole buffers whose decoded length is known (a TIFF tile): zlib-wrapped (RFC 1950) or raw DEFLATE
 * (RFC 1951). One per reader thread; {@link #close()} frees the engine's native state.
 */
public abstract sealed class BufferInflater implements AutoCloseable {
  private final InflaterEngine engine;

  private BufferInflater(InflaterEngine engine) {
    this.engine = engine;
  }

  /** An inflater of {@code engine} ({@code auto} resolved here); a named engine that cannot load throws. */
  public static BufferInflater open(InflaterEngine engine, boolean zlib) {
    engine.requireUsable();
    return switch (engine.resolve()) {
      case LIBDEFLATE -> new Native(LibDeflate.open(), zlib);
      case JDK -> new Jdk(zlib);
      default -> throw new IllegalArgumentException("no whole-buffer inflater is named " + engine.displayName());
    };
  }

  /** The engine that runs, never {@code auto}. */
  public InflaterEngine engine() {
    return engine;
  }

  /**
   * Inflates {@code in[0, inLength)} into {@code out[0, outLength)}; returns the bytes produced, fewer than
   * {@code outLength} when the stream ends first.
   *
   * @throws DataFormatException when the data is not a valid stream, or a zlib stream's checksum does not match
   */
  public abstract int inflate(byte[] in, int inLength, byte[] out, int outLength) throws DataFormatException;

  /**
   * Inflates a stream that must decode to at most {@code outLength} bytes: returns the bytes produced, or
   * {@link LibDeflate#MORE_THAN_FITS} when the stream holds more (a Zarr chunk longer than its shape is corrupt, not
   * cut).
   */
  public abstract int inflateWhole(byte[] in, int inLength, byte[] out, int outLength) throws DataFormatException;

  @Override
  public abstract void close();

  private static final class Jdk extends BufferInflater {
    private final Inflater inflater;

    Jdk(boolean zlib) {
      super(InflaterEngine.JDK);
      inflater = new Inflater(!zlib);
    }

    private final byte[] probe = new byte[1];

    @Override
    public int inflate(byte[] in, int inLength, byte[] out, int outLength) throws DataFormatException {
      inflater.reset();
      inflater.setInput(in, 0, inLength);
      int n = Inflating.inflate(inflater, out, outLength);
      if (n == outLength && !inflater.finished()) {
        // A full buffer: let zlib read on to the stream's end, where it checks the zlib stream's Adler-32 (a
        // longer stream gives its first bytes, as libdeflate's path does).
        inflater.inflate(probe);
      }
      return n;
    }

    @Override
    public int inflateWhole(byte[] in, int inLength, byte[] out, int outLength) throws DataFormatException {
      inflater.reset();
      inflater.setInput(in, 0, inLength);
      int n = Inflating.inflate(inflater, out, outLength);
      if (n == outLength && !inflater.finished() && inflater.inflate(probe) > 0) {
        return LibDeflate.MORE_THAN_FITS;
      }
      return n;
    }

    @Override
    public void close() {
      inflater.end();
    }
  }

  private static final class Native extends BufferInflater {
    private final LibDeflate.Decompressor decompressor;
    private final boolean zlib;
    /** For streams longer than the buffer, whose first bytes the JDK's zlib gives exactly (rare: opened then). */
    private Jdk longer;

    Native(LibDeflate.Decompressor decompressor, boolean zlib) {
      super(InflaterEngine.LIBDEFLATE);
      this.decompressor = decompressor;
      this.zlib = zlib;
    }

    @Override
    public int inflate(byte[] in, int inLength, byte[] out, int outLength) throws DataFormatException {
      int n = decompressor.decompress(zlib, in, inLength, out, outLength);
      if (n != LibDeflate.MORE_THAN_FITS) {
        return n;
      }
      if (longer == null) {
        longer = new Jdk(zlib);
      }
      return longer.inflate(in, inLength, out, outLength);
    }

    @Override
    public int inflateWhole(byte[] in, int inLength, byte[] out, int outLength) throws DataFormatException {
      return decompressor.decompress(zlib, in, inLength, out, outLength);
    }

    @Override
    public void close() {
      decompressor.close();
      if (longer != null) {
        longer.close();
      }
    }
  }
}
