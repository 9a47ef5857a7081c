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
  /** Further fields read by {@link Stream} (offsets of ISA-L 2.30 to 2.32, checked by its self-test in use). */
  private static final long READ_IN_LENGTH = 36;
  private static final long BLOCK_STATE = 21160;
  private static final long TMP_IN_SIZE = 21206;

  /** igzip_lib.h's {@code enum isal_block_state}. */
  private static final int BLOCK_NEW_HDR = 0;
  private static final int BLOCK_HDR = 1;
  private static final int BLOCK_FINISH = 5;

  /** igzip_lib.h's inflate return codes. */
  private static final int DECOMP_OK = 0;
  private static final int END_INPUT = 1;
  private static final int OUT_OVERFLOW = 2;

  private static final AtomicInteger LIVE = new AtomicInteger();

  private Isal() {}

  private static native void isal_inflate_init(Pointer state);

  private static native int isal_inflate_stateless(Pointer state);

  private static native int isal_inflate(Pointer state);

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

  /** A streaming raw DEFLATE decoder; see {@link Stream}. */
  public static Stream openStream() {
    if (!available()) {
      throw new IllegalStateException(status());
    }
    return new Stream();
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

  /**
   * A streaming raw DEFLATE decoder ({@code isal_inflate}) that tells, between calls, whether it stopped at a block
   * boundary and at which bit: an index build feeds it a few bytes at a time where it wants a checkpoint, and a
   * dynamic block's header (tens of bytes) that does not fit in what is left of the input makes ISA-L stop in front
   * of it ({@code ISAL_BLOCK_HDR}, the header's bytes kept in {@code tmp_in_buffer}, the bits buffered before it
   * restored). ISA-L keeps its own 32 KiB of history, so the output buffer is reused from call to call.
   */
  public static final class Stream implements AutoCloseable {
    private static final int OUTPUT_BYTES = 256 << 10;
    private Memory state = new Memory(STATE_BYTES);
    private final NativeBuffers buffers = new NativeBuffers();
    private final Memory output = buffers.output(OUTPUT_BYTES);
    /** Fed bytes not yet shown to ISA-L (after {@link #inflate(int, int)} limited what it may read). */
    private int held;

    private Stream() {
      LIVE.incrementAndGet();
      reset();
    }

    /** Starts a new raw DEFLATE stream; input fed and not consumed is dropped. */
    public void reset() {
      isal_inflate_init(state);
      held = 0;
    }

    /** Feeds {@code b[off, off + len)}; only when everything fed before is consumed ({@link #availIn} is 0). */
    public void feed(byte[] b, int off, int len) {
      requireConsumed();
      feed(buffers.input(b, off, len), len);
    }

    /**
     * Feeds {@code bytes[off, off + len)} where they lie, without a copy; they must stay as they are until consumed.
     * Only when everything fed before is consumed.
     */
    public void feed(NativeBytes bytes, int off, int len) {
      requireConsumed();
      feed(bytes.pointer(off), len);
    }

    private void requireConsumed() {
      if (availIn() != 0) {
        throw new IllegalStateException("ISA-L stream fed before its input was consumed");
      }
    }

    private void feed(Pointer input, int len) {
      state.setPointer(NEXT_IN, input);
      state.setInt(AVAIL_IN, len);
      held = 0;
    }

    /** Fed bytes not consumed yet. */
    public int availIn() {
      return state.getInt(AVAIL_IN) + held;
    }

    /**
     * Decodes as far as the input fed and at most {@code maxInput} more bytes of it go, into an output of up to
     * {@code maxOutput} bytes (at most {@value #OUTPUT_BYTES}); returns how many bytes it produced
     * ({@link #readOutput}).
     */
    public int inflate(int maxInput, int maxOutput) throws DataFormatException {
      int outputLimit = Math.min(OUTPUT_BYTES, maxOutput);
      int visible = state.getInt(AVAIL_IN) + held;
      int shown = Math.min(visible, maxInput);
      held = visible - shown;
      state.setInt(AVAIL_IN, shown);
      state.setPointer(NEXT_OUT, output);
      state.setInt(AVAIL_OUT, outputLimit);
      int result = isal_inflate(state);
      if (result < 0) {
        throw new DataFormatException("invalid DEFLATE data (ISA-L returned " + result + ")");
      }
      return outputLimit - state.getInt(AVAIL_OUT);
    }

    /** Copies bytes {@code [from, from + n)} of the last output into {@code b}. */
    public void readOutput(int from, byte[] b, int off, int n) {
      buffers.readOutput(from, b, off, n);
    }

    /** Whether the stream's final block was decoded and all of its output returned. */
    public boolean finished() {
      return state.getInt(BLOCK_STATE) == BLOCK_FINISH;
    }

    /**
     * When stopped in front of a block header: how many bits before the end of the input fed it starts; else -1.
     * Everything output so far precedes it.
     */
    public long boundaryBitsBeforeInputEnd() {
      int blockState = state.getInt(BLOCK_STATE);
      if (blockState != BLOCK_NEW_HDR && blockState != BLOCK_HDR) {
        return -1;
      }
      long tmpInSize = state.getShort(TMP_IN_SIZE);
      return 8L * availIn() + 8 * tmpInSize + state.getInt(READ_IN_LENGTH);
    }

    /** After {@link #finished}: the whole bytes fed after the stream's end (its final byte's padding excluded). */
    public int bytesAfterEnd() {
      return availIn() + state.getInt(READ_IN_LENGTH) / 8;
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
