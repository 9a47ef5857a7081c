package io.dataplug.formats.codec;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;

/**
 * The host's ISA-L ({@code libisal.so.2}, Debian and Ubuntu package {@code libisal2}, the library under
 * {@code igzip}) through JNA direct mapping: whole-stream raw DEFLATE decoding ({@code isal_inflate_stateless}).
 * Loaded once per JVM and used only after a self-test decodes streams the JDK's {@link Deflater} wrote exactly as
 * the JDK does.
 *
 * <p>{@code struct inflate_state} (igzip_lib.h) is allocated here: its first fields, the only ones written, have
 * kept their offsets since ISA-L 2.x (next_out 0, avail_out 8, total_out 12, next_in 16, avail_in 32); the struct
 * is 87,368 bytes in 2.30 and 2.32, and {@link #STATE_BYTES} leaves room for growth.
 */
public final class Isal {
  private static final long STATE_BYTES = 256 << 10;
  private static final long NEXT_OUT = 0;
  private static final long AVAIL_OUT = 8;
  private static final long TOTAL_OUT = 12;
  private static final long NEXT_IN = 16;
  private static final long AVAIL_IN = 32;

  /** igzip_lib.h's inflate return codes. */
  private static final int DECOMP_OK = 0;
  private static final int END_INPUT = 1;
  private static final int OUT_OVERFLOW = 2;

  private static final AtomicInteger LIVE = new AtomicInteger();

  private Isal() {}

  private static native void isal_inflate_init(Pointer state);

  private static native int isal_inflate_stateless(Pointer state);

  private static final NativeLibraryLoader LOADER = new NativeLibraryLoader(Isal.class, "isal",
      "ISA-L (libisal.so.2)", "apt-get install libisal2 (Debian, Ubuntu) or dnf install isa-l", Isal::selfTest);

  /** Whether ISA-L loaded here and passed its self-test. */
  static boolean available() {
    return LOADER.available();
  }

  /** "ok", or why ISA-L is not used in this JVM. */
  static String status() {
    return LOADER.status();
  }

  /** Raw DEFLATE streams of text-like and random bytes decoded as the JDK decodes them; corrupt data refused. */
  private static String selfTest() throws DataFormatException {
    byte[] data = SelfTestStreams.textAndNoise(20261203);
    try (Decompressor d = new Decompressor()) {
      for (int level : new int[] {1, 6, 9}) {
        byte[] packed = SelfTestStreams.deflate(data, level, true);
        int n = packed.length;
        byte[] out = new byte[data.length];
        if (d.inflateRaw(packed, n, out.length) != data.length) {
          return "ISA-L decoded a raw DEFLATE stream of level " + level + " to a different length from the JDK";
        }
        d.readOutput(0, out, 0, out.length);
        if (!Arrays.equals(out, data)) {
          return "ISA-L decoded a raw DEFLATE stream of level " + level + " differently from the JDK";
        }
        if (d.inflateRaw(packed, n, out.length - 1) != RawInflater.MORE_THAN_FITS) {
          return "ISA-L did not report a stream longer than its buffer";
        }
        packed[n / 2] ^= 0x55;
        packed[n / 2 + 1] ^= 0x2A;
        try {
          int m = d.inflateRaw(packed, n, out.length);
          d.readOutput(0, out, 0, Math.max(0, m));
          if (m == data.length && Arrays.equals(out, data)) {
            return "ISA-L decoded a corrupt raw DEFLATE stream as if intact";
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

  /** ISA-L decompressor states allocated and not yet freed, in this JVM (tests check it returns to 0). */
  static int liveDecompressors() {
    return LIVE.get();
  }

  /** One native inflate state with its buffers (not thread-safe); {@link #close()} frees them. */
  public static final class Decompressor implements RawInflater {
    private Memory state = new Memory(STATE_BYTES);
    private final NativeBuffers buffers = new NativeBuffers();

    private Decompressor() {
      LIVE.incrementAndGet();
    }

    @Override
    public int inflateRaw(byte[] in, int inLength, long outLength) throws DataFormatException {
      if (state == null) {
        throw new IllegalStateException("ISA-L decompressor used after close");
      }
      if (outLength > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("ISA-L decodes at most 2 GiB per call: " + outLength);
      }
      Memory input = buffers.input(in, inLength);
      Memory output = buffers.output(outLength);
      isal_inflate_init(state);
      state.setPointer(NEXT_IN, input);
      state.setInt(AVAIL_IN, inLength);
      state.setPointer(NEXT_OUT, output);
      state.setInt(AVAIL_OUT, (int) outLength);
      int result = isal_inflate_stateless(state);
      return switch (result) {
        case DECOMP_OK -> state.getInt(TOTAL_OUT);
        case OUT_OVERFLOW -> MORE_THAN_FITS;
        case END_INPUT -> throw new DataFormatException("truncated DEFLATE data: it ends before its final block"
            + " (ISA-L)");
        default -> throw new DataFormatException("invalid DEFLATE data (ISA-L returned " + result + ")");
      };
    }

    @Override
    public void readOutput(long from, byte[] b, int off, int n) {
      buffers.readOutput(from, b, off, n);
    }

    @Override
    public void close() {
      if (state != null) {
        state.close();
        state = null;
        buffers.close();
        LIVE.decrementAndGet();
      }
    }
  }
}
