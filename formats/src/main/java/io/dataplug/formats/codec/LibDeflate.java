package io.dataplug.formats.codec;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;

/**
 * The host's libdeflate ({@code libdeflate.so.0}, Debian and Ubuntu package {@code libdeflate0}, a dependency of
 * libtiff) through JNA direct mapping: whole-buffer zlib and raw DEFLATE decoding, the engine GDAL uses for TIFF
 * tiles, about 1.7 times the JDK's zlib on them. Loaded once per JVM and used only after a self-test decodes streams
 * the JDK's {@link Deflater} wrote exactly as the JDK does.
 */
public final class LibDeflate {
  /** libdeflate.h's {@code enum libdeflate_result}. */
  private static final int SUCCESS = 0;
  private static final int BAD_DATA = 1;
  private static final int INSUFFICIENT_SPACE = 3;

  /** What {@link Decompressor#decompress} returns for a stream longer than the buffer. */
  public static final int MORE_THAN_FITS = RawInflater.MORE_THAN_FITS;

  private static final AtomicInteger LIVE = new AtomicInteger();

  private LibDeflate() {}

  private static native Pointer libdeflate_alloc_decompressor();

  private static native void libdeflate_free_decompressor(Pointer decompressor);

  // size_t is a Java long: available() requires a 64-bit size_t. Buffers are native memory the decompressor keeps
  // (NativeBuffers).
  private static native int libdeflate_zlib_decompress(Pointer decompressor, Pointer in, long inBytes, Pointer out,
      long outBytesAvailable, Pointer actualOutBytes);

  private static native int libdeflate_deflate_decompress(Pointer decompressor, Pointer in, long inBytes,
      Pointer out, long outBytesAvailable, Pointer actualOutBytes);

  private static final NativeLibraryLoader LOADER = new NativeLibraryLoader(LibDeflate.class, "deflate",
      "libdeflate (libdeflate.so.0)", "apt-get install libdeflate0 (Debian, Ubuntu) or dnf install libdeflate",
      LibDeflate::selfTest);

  /** Whether libdeflate loaded here and passed its self-test. */
  static boolean available() {
    return LOADER.available();
  }

  /** "ok", or why libdeflate is not used in this JVM. */
  static String status() {
    return LOADER.status();
  }

  /** Streams of text-like and random bytes, zlib and raw, decoded as the JDK decodes them; corrupt data refused. */
  private static String selfTest() throws DataFormatException {
    byte[] data = SelfTestStreams.textAndNoise(20261202);
    try (Decompressor d = new Decompressor()) {
      for (boolean zlib : new boolean[] {true, false}) {
        byte[] packed = SelfTestStreams.deflate(data, 6, !zlib);
        int n = packed.length;
        byte[] out = new byte[data.length];
        if (d.decompress(zlib, packed, n, out, out.length) != data.length || !Arrays.equals(out, data)) {
          return "libdeflate decoded a " + (zlib ? "zlib" : "raw DEFLATE") + " stream differently from the JDK";
        }
        packed[n / 2] ^= 0x55;
        packed[n / 2 + 1] ^= 0x2A;
        try {
          Arrays.fill(out, (byte) 0);
          if (d.decompress(zlib, packed, n, out, out.length) == data.length && Arrays.equals(out, data)) {
            return "libdeflate decoded a corrupt " + (zlib ? "zlib" : "raw DEFLATE") + " stream as if intact";
          }
        } catch (DataFormatException expected) {
          // the corrupt stream is refused
        }
      }
    }
    return "ok";
  }

  public static Decompressor open() {
    return new Decompressor();
  }

  /** libdeflate decompressors allocated and not yet freed, in this JVM (tests check it returns to 0). */
  static int liveDecompressors() {
    return LIVE.get();
  }

  /** One native decompressor with its buffers (not thread-safe); {@link #close()} frees them. */
  public static final class Decompressor implements RawInflater {
    private Pointer handle;
    private final Memory actual = new Memory(Long.BYTES);
    private final NativeBuffers buffers = new NativeBuffers();

    private Decompressor() {
      handle = libdeflate_alloc_decompressor();
      if (handle == null) {
        throw new OutOfMemoryError("libdeflate_alloc_decompressor returned NULL");
      }
      LIVE.incrementAndGet();
    }

    /**
     * Decodes {@code in[0, inLength)} into {@code out}; returns the bytes produced, or {@link #MORE_THAN_FITS} when
     * the stream holds more than {@code outLength} bytes.
     */
    int decompress(boolean zlib, byte[] in, int inLength, byte[] out, int outLength) throws DataFormatException {
      int n = decompressKeepingOutput(zlib, in, inLength, outLength);
      if (n > 0) {
        buffers.readOutput(0, out, 0, n);
      }
      return n;
    }

    /**
     * Decodes like {@link #decompress} but leaves the output in this decompressor's native buffer, for
     * {@link #readOutput}; valid until the next call.
     */
    public int decompressKeepingOutput(boolean zlib, byte[] in, int inLength, long outLength) throws DataFormatException {
      if (handle == null) {
        throw new IllegalStateException("libdeflate decompressor used after close");
      }
      Memory input = buffers.input(in, inLength);
      Memory output = buffers.output(outLength);
      int result = zlib
          ? libdeflate_zlib_decompress(handle, input, inLength, output, outLength, actual)
          : libdeflate_deflate_decompress(handle, input, inLength, output, outLength, actual);
      return switch (result) {
        case SUCCESS -> (int) actual.getLong(0);
        case BAD_DATA -> throw new DataFormatException("invalid or truncated " + (zlib ? "zlib" : "DEFLATE")
            + " data (libdeflate)");
        // libdeflate does not promise to have written the first outLength bytes then: the caller decides.
        case INSUFFICIENT_SPACE -> MORE_THAN_FITS;
        default -> throw new DataFormatException("libdeflate returned " + result);
      };
    }

    @Override
    public int inflateRaw(byte[] in, int inLength, long outLength) throws DataFormatException {
      return decompressKeepingOutput(false, in, inLength, outLength);
    }

    /** Copies bytes {@code [from, from + n)} of the last {@link #decompressKeepingOutput} output into {@code b}. */
    @Override
    public void readOutput(long from, byte[] b, int off, int n) {
      buffers.readOutput(from, b, off, n);
    }

    @Override
    public void close() {
      if (handle != null) {
        libdeflate_free_decompressor(handle);
        handle = null;
        buffers.close();
        actual.close();
        LIVE.decrementAndGet();
      }
    }
  }
}
