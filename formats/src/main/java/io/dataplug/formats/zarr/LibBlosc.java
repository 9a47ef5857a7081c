package io.dataplug.formats.zarr;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.dataplug.formats.codec.NativeLibraryLoader;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host's c-blosc 1 ({@code libblosc.so.1}, Debian and Ubuntu package {@code libblosc1}) through JNA direct mapping:
 * the library numcodecs wraps, whose SIMD unshuffle is several times this project's Java loop. Only its thread-safe
 * {@code _ctx} calls are used, one internal thread each (Spark's tasks are the parallelism). Loaded once per JVM and
 * used only after a self-test: chunks it compresses (lz4 and blosclz, byte and bit shuffle) decode to the same bytes
 * with it and with {@link Blosc}.
 */
final class LibBlosc {
  private static final AtomicInteger LIVE = new AtomicInteger();

  private LibBlosc() {}

  // size_t is a Java long: available() requires a 64-bit size_t. Buffers are native memory the decoder keeps (JNA
  // would copy Java arrays through malloc'd memory on every call anyway).
  private static native int blosc_decompress_ctx(Pointer src, Pointer dest, long destSize, int threads);

  private static native int blosc_compress_ctx(int clevel, int shuffle, long typeSize, long nbytes, Pointer src,
      Pointer dest, long destSize, String compressor, long blockSize, int threads);

  private static native String blosc_get_version_string();

  private static final NativeLibraryLoader LOADER = new NativeLibraryLoader(LibBlosc.class, "blosc",
      "c-blosc (libblosc.so.1)", "apt-get install libblosc1 (Debian, Ubuntu) or dnf install blosc",
      LibBlosc::selfTest);

  /** Whether c-blosc loaded here and passed its self-test. */
  static boolean available() {
    return LOADER.available();
  }

  /** "ok", or why c-blosc is not used in this JVM. */
  static String status() {
    return LOADER.status();
  }

  /** float32-like data and text, compressed by c-blosc, decoded alike by it and by the Java decoder. */
  private static String selfTest() throws ZarrFormatException {
    if (!blosc_get_version_string().startsWith("1.")) {
      return "c-blosc " + blosc_get_version_string() + " is not c-blosc 1";
    }
    Random random = new Random(20261203);
    byte[] data = new byte[(1 << 20) + 12];
    java.nio.ByteBuffer floats = java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i + 4 <= data.length / 2; i += 4) {
      floats.putFloat(i, 280 + (float) random.nextGaussian());
    }
    for (int i = data.length / 2; i < data.length; i++) {
      data[i] = (byte) "ACGT\n".charAt(random.nextInt(5));
    }
    try (Memory src = new Memory(data.length); Memory packed = new Memory(data.length + 64L)) {
      src.write(0, data, 0, data.length);
      try (Decoder decoder = new Decoder()) {
        for (String compressor : new String[] {"lz4", "blosclz"}) {
          for (int shuffle : new int[] {0, 1, 2}) {
            int n = blosc_compress_ctx(5, shuffle, 4, data.length, src, packed, data.length + 64L, compressor, 0, 1);
            if (n <= 0) {
              return "c-blosc could not compress with " + compressor + " (" + n + ")";
            }
            byte[] chunk = packed.getByteArray(0, n);
            byte[] ours = Blosc.decode(chunk, n, "self-test");
            byte[] theirs = decoder.decode(chunk, n, data.length, "self-test");
            if (!Arrays.equals(ours, data) || !Arrays.equals(theirs, data)) {
              return "c-blosc and the Java decoder disagree on a " + compressor + " chunk with shuffle " + shuffle;
            }
          }
        }
      }
    }
    return "ok";
  }

  /** c-blosc decoders allocated and not yet freed, in this JVM (tests check it returns to 0). */
  static int liveDecoders() {
    return LIVE.get();
  }

  /** Native buffers for decoding chunks one at a time (not thread-safe); {@link #close()} frees them. */
  static final class Decoder implements AutoCloseable {
    private Memory input = new Memory(64 << 10);
    private Memory output = new Memory(64 << 10);
    private boolean closed;

    Decoder() {
      LIVE.incrementAndGet();
    }

    /**
     * Decodes a chunk of {@code nbytes} whose header {@link Blosc#header} checked (c-blosc reads as many bytes as
     * the header's cbytes, at most {@code length}); a chunk c-blosc refuses is corrupt.
     */
    byte[] decode(byte[] in, int length, int nbytes, String where) throws ZarrFormatException {
      if (closed) {
        throw new IllegalStateException("c-blosc decoder used after close");
      }
      if (input.size() < length) {
        input.close();
        input = new Memory(Math.max(length, 2 * input.size()));
      }
      if (output.size() < Math.max(1, nbytes)) {
        output.close();
        output = new Memory(Math.max(nbytes, 2 * output.size()));
      }
      input.write(0, in, 0, length);
      int n = blosc_decompress_ctx(input, output, nbytes, 1);
      if (n != nbytes) {
        throw new ZarrFormatException(where + ": corrupt Blosc chunk (c-blosc " + (n < 0 ? "returned " + n
            : "decoded " + n + " of its " + nbytes + " bytes") + ")");
      }
      byte[] out = new byte[nbytes];
      output.read(0, out, 0, nbytes);
      return out;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        input.close();
        output.close();
        LIVE.decrementAndGet();
      }
    }
  }
}
