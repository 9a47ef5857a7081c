package io.dataplug.formats.index;

import io.dataplug.formats.codec.PlainSource;
import io.dataplug.formats.codec.DecodedSource;
import io.dataplug.formats.codec.Codec;
import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.gzip.Bgzf;
import io.dataplug.formats.gzip.GzipDecoder;
import io.dataplug.formats.gzip.InflateEngines;
import io.dataplug.formats.storage.Blob;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds a sidecar index in one sequential pass: decodes the file, takes a checkpoint at the first member or block
 * start after every {@code span} uncompressed bytes (with its window when inside a gzip member), and lets a
 * {@link RecordScanner} find the first record start after each checkpoint and validate the format. A gzip file is
 * decoded by ISA-L where present (it stops at a block boundary only where a checkpoint is due), else by the pure-Java
 * decoder ({@link InflateEngines#indexing}); records are scanned on a second thread where there is a core for it.
 */
public final class IndexBuilder {
  /** Default span between checkpoints, in uncompressed bytes; see README "Choosing the checkpoint span". */
  public static final long DEFAULT_SPAN = 8L << 20;

  private static final int CHUNK = 256 * 1024;
  /** Enough for a chain of BGZF blocks (at most 64 KiB each), in one read. */
  private static final int DETECT_BYTES = 256 * 1024;

  /** Told about progress now and then during long builds. */
  @FunctionalInterface
  public interface Progress {
    void update(long compressedBytesDone, long compressedBytesTotal, long uncompressedBytesDone);

    Progress NONE = (done, total, out) -> {};
  }

  /** The result of a pass, ready to be written: the index (window positions not yet known) and its windows. */
  public record Built(FileIndex index, List<byte[]> windows) {
    /** Writes the container and returns the index as a reader would see it. */
    public FileIndex writeTo(OutputStream out) throws IOException {
      return FileIndex.write(out, index, windows);
    }
  }

  private final String format;
  private final long span;
  private final Progress progress;
  private final InflaterEngine inflater;
  private boolean scanThread = Runtime.getRuntime().availableProcessors() > 1;

  public IndexBuilder(String format, long span, Progress progress) {
    this(format, span, progress, InflaterEngine.AUTO);
  }

  /** @param inflater the {@code inflater} option: which engine decodes a gzip file ({@link InflateEngines#indexing}) */
  public IndexBuilder(String format, long span, Progress progress, InflaterEngine inflater) {
    if (span <= 0) {
      throw new IllegalArgumentException("checkpoint span must be positive: " + span);
    }
    this.format = format;
    this.span = span;
    this.progress = progress;
    this.inflater = inflater;
  }

  /**
   * Whether records are scanned on a second thread while this one decodes (by default where the machine has two
   * cores or more).
   */
  public IndexBuilder scanningOnOwnThread(boolean scanThread) {
    this.scanThread = scanThread;
    return this;
  }

  /** Tells how a file is stored from its first bytes; BGZF only when a chain of blocks checks out. */
  public static Codec detectCodec(Blob blob) throws IOException {
    int n = (int) Math.min(blob.length(), DETECT_BYTES);
    if (n < 2) {
      return Codec.PLAIN;
    }
    byte[] head = new byte[n];
    blob.readFully(0, head, 0, n);
    if ((head[0] & 0xFF) != 0x1f || (head[1] & 0xFF) != 0x8b) {
      return Codec.PLAIN;
    }
    return Bgzf.isBgzf(head, blob.length()) ? Codec.BGZF : Codec.GZIP;
  }

  public Built build(Blob blob, RecordScanner scanner) throws IOException {
    Codec codec = detectCodec(blob);
    Pass pass = new Pass(blob, scanner);
    if (codec == Codec.PLAIN) {
      try (PlainSource source = new PlainSource(blob, 0, blob.length())) {
        pass.run(source, null, codec);
      }
    } else {
      GzipDecoder.Engine engine = codec == Codec.BGZF ? InflateEngines.preferred() : InflateEngines.indexing(inflater);
      try (GzipDecoder decoder = GzipDecoder.fromStart(blob, engine)) {
        pass.run(decoder, decoder, codec);
        if (codec == Codec.BGZF && !decoder.allMembersBgzf()) {
          codec = Codec.GZIP;
        }
      }
    }
    long records = scanner.finish();
    pass.finish(records);
    FileIndex index = new FileIndex(format, codec, blob.identity(), span, pass.produced, records, pass.entries, -1,
        scanner.formatTable());
    return new Built(index, pass.windows);
  }

  /**
   * The deflater of checkpoint windows: level 4, measured on FASTQ windows (256 of 32 KiB): 2.3 % larger than level 6
   * and a third of its time (0.16 s against 0.49 s, which was a tenth of a 1 GiB file's index build with ISA-L).
   */
  static Deflater newWindowDeflater() {
    return new Deflater(4, true);
  }

  /**
   * A checkpoint's entry, its record fields not known yet; its window (null at member starts) compressed and added
   * to {@code windows} in entry order.
   */
  static Checkpoint checkpointEntry(long bitOffset, long uncompressedOffset, boolean memberStart, byte[] window,
      Deflater deflater, List<byte[]> windows) {
    byte[] compressedWindow = null;
    int windowCrc = 0;
    int rawLength = 0;
    if (window != null && window.length > 0) {
      CRC32 crc = new CRC32();
      crc.update(window);
      windowCrc = (int) crc.getValue();
      rawLength = window.length;
      deflater.reset();
      deflater.setInput(window);
      deflater.finish();
      byte[] out = new byte[window.length + 64];
      int n = 0;
      while (!deflater.finished()) {
        n += deflater.deflate(out, n, out.length - n);
      }
      compressedWindow = java.util.Arrays.copyOf(out, n);
    }
    windows.add(compressedWindow);
    return new Checkpoint(bitOffset, uncompressedOffset, memberStart, 0, -1, -1, 0,
        compressedWindow == null ? -1 : 0, compressedWindow == null ? 0 : compressedWindow.length, rawLength,
        windowCrc);
  }

  private final class Pass {
    private final Blob blob;
    private final RecordScanner scanner;
    final List<Checkpoint> entries = new ArrayList<>();
    final List<byte[]> windows = new ArrayList<>();
    private final List<Integer> pending = new ArrayList<>();
    private final List<CRC32> pendingCrcs = new ArrayList<>();
    private final CRC32 spanCrc = new CRC32();
    private final Deflater windowDeflater = newWindowDeflater();
    long produced;

    Pass(Blob blob, RecordScanner scanner) {
      this.blob = blob;
      this.scanner = scanner;
    }

    /**
     * Decodes {@code source} and hands its bytes and checkpoints to the scanning side: a second thread
     * ({@link #scanningOnOwnThread}; decoding and record scanning then overlap), or this one.
     */
    void run(DecodedSource source, GzipDecoder gzip, Codec codec) throws IOException {
      try (Sink sink = scanThread ? new PipelinedSink(this) : new DirectSink(this)) {
        decode(source, gzip, codec, sink);
      } finally {
        windowDeflater.end();
      }
      if (entries.isEmpty()) {
        checkpoint(0, true, null);
      }
      progress.update(blob.length(), blob.length(), produced);
    }

    private void decode(DecodedSource source, GzipDecoder gzip, Codec codec, Sink sink) throws IOException {
      byte[] buf = new byte[sink.bufferSize()];
      int filled = 0;
      long decoded = 0;
      long lastCheckpointAt = Long.MIN_VALUE / 2;
      long nextProgress = 0;
      if (gzip != null) {
        gzip.wantBlockBoundaryFrom(span);
      }
      while (true) {
        if (gzip == null && decoded - lastCheckpointAt >= span) {
          buf = flush(sink, buf, filled);
          filled = 0;
          sink.checkpoint(decoded * 8, true, null);
          lastCheckpointAt = decoded;
        }
        int room = buf.length - filled;
        int n = source.read(buf, filled, gzip == null ? (int) Math.min(room, lastCheckpointAt + span - decoded) : room);
        if (n < 0) {
          flush(sink, buf, filled);
          break;
        }
        if (n == 0) {
          GzipDecoder.Boundary boundary = gzip.boundary();
          boolean usable = boundary == GzipDecoder.Boundary.MEMBER
              || (boundary == GzipDecoder.Boundary.BLOCK && codec != Codec.BGZF);
          if (usable && decoded - lastCheckpointAt >= span) {
            buf = flush(sink, buf, filled);
            filled = 0;
            sink.checkpoint(gzip.boundaryBitOffset(), boundary == GzipDecoder.Boundary.MEMBER,
                boundary == GzipDecoder.Boundary.BLOCK ? gzip.window() : null);
            lastCheckpointAt = decoded;
            gzip.wantBlockBoundaryFrom(decoded + span);
          }
          continue;
        }
        filled += n;
        decoded += n;
        if (filled == buf.length) {
          buf = sink.data(buf, filled);
          filled = 0;
        }
        if (decoded >= nextProgress) {
          progress.update(gzip == null ? decoded : gzip.compressedPosition(), blob.length(), decoded);
          nextProgress = decoded + (64L << 20);
        }
      }
    }

    private static byte[] flush(Sink sink, byte[] buf, int filled) throws IOException {
      return filled == 0 ? buf : sink.data(buf, filled);
    }

    private void consume(byte[] buf, int n) throws IOException {
      spanCrc.update(buf, 0, n);
      int first = scanner.scan(buf, 0, n);
      if (!pending.isEmpty()) {
        int headLength = first < 0 ? n : first;
        for (CRC32 crc : pendingCrcs) {
          crc.update(buf, 0, headLength);
        }
        if (first >= 0) {
          resolvePending(produced + first, scanner.lastFoundOrdinal());
        }
      }
      produced += n;
    }

    private void resolvePending(long recordOffset, long ordinal) {
      for (int i = 0; i < pending.size(); i++) {
        int index = pending.get(i);
        Checkpoint c = entries.get(index);
        entries.set(index, new Checkpoint(c.bitOffset(), c.uncompressedOffset(), c.memberStart(), c.spanCrc(),
            recordOffset, ordinal, (int) pendingCrcs.get(i).getValue(), c.windowPosition(), c.windowLength(),
            c.windowRawLength(), c.windowCrc()));
      }
      pending.clear();
      pendingCrcs.clear();
    }

    private void checkpoint(long bitOffset, boolean memberStart, byte[] window) {
      closeSpan();
      entries.add(checkpointEntry(bitOffset, produced, memberStart, window, windowDeflater, windows));
      pending.add(entries.size() - 1);
      pendingCrcs.add(new CRC32());
    }

    private void closeSpan() {
      if (!entries.isEmpty()) {
        int last = entries.size() - 1;
        Checkpoint c = entries.get(last);
        entries.set(last, new Checkpoint(c.bitOffset(), c.uncompressedOffset(), c.memberStart(),
            (int) spanCrc.getValue(), c.recordOffset(), c.recordOrdinal(), c.headCrc(), c.windowPosition(),
            c.windowLength(), c.windowRawLength(), c.windowCrc()));
      }
      spanCrc.reset();
    }

    void finish(long records) {
      closeSpan();
      resolvePending(produced, records);
    }
  }

  /** Where the decoding side of a pass puts decoded bytes and checkpoints, in order. */
  private interface Sink extends AutoCloseable {
    /** How many decoded bytes to hand over at a time. */
    int bufferSize();

    /** Takes {@code buf[0, n)}; returns the buffer to decode into next. */
    byte[] data(byte[] buf, int n) throws IOException;

    void checkpoint(long bitOffset, boolean memberStart, byte[] window) throws IOException;

    /** Waits until everything put is scanned; throws what scanning threw. */
    @Override
    void close() throws IOException;
  }

  /** Scans on the decoding thread. */
  private record DirectSink(Pass pass) implements Sink {
    @Override
    public int bufferSize() {
      return CHUNK;
    }

    @Override
    public byte[] data(byte[] buf, int n) throws IOException {
      pass.consume(buf, n);
      return buf;
    }

    @Override
    public void checkpoint(long bitOffset, boolean memberStart, byte[] window) {
      pass.checkpoint(bitOffset, memberStart, window);
    }

    @Override
    public void close() {}
  }

  /**
   * Scans on a thread of its own, {@value #PIPELINE_BUFFERS} buffers behind the decoding thread. Either side's
   * failure ends both: the scanner's is thrown to the decoder at its next hand-over, the decoder's ends the scanner.
   */
  private static final class PipelinedSink implements Sink {
    private static final int PIPELINE_BUFFERS = 4;
    /** Large hand-overs: waking the other thread costs tens of microseconds on virtual machines. */
    private static final int PIPELINE_CHUNK = 1 << 20;
    private static final Item END = new Item(null, 0, 0, false, null);

    private record Item(byte[] buf, int n, long bitOffset, boolean memberStart, byte[] window) {}

    private final BlockingQueue<Item> full = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(PIPELINE_BUFFERS);
    private final Thread scanner;
    private volatile Throwable scanFailure;
    private Throwable thrown;
    private boolean closed;

    PipelinedSink(Pass pass) {
      for (int i = 1; i < PIPELINE_BUFFERS; i++) {
        free.add(new byte[PIPELINE_CHUNK]);
      }
      scanner = new Thread(() -> {
        try {
          for (Item item = full.take(); item != END; item = full.take()) {
            if (item.buf() != null) {
              pass.consume(item.buf(), item.n());
              free.add(item.buf());
            } else {
              pass.checkpoint(item.bitOffset(), item.memberStart(), item.window());
            }
          }
        } catch (Throwable e) {
          scanFailure = e;
        }
      }, "dataplug-index-scan");
      scanner.setDaemon(true);
      scanner.start();
    }

    @Override
    public int bufferSize() {
      return PIPELINE_CHUNK;
    }

    @Override
    public byte[] data(byte[] buf, int n) throws IOException {
      full.add(new Item(buf, n, 0, false, null));
      try {
        while (true) {
          rethrowScanFailure();
          byte[] next = free.poll(100, TimeUnit.MILLISECONDS);
          if (next != null) {
            return next;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("index build interrupted");
      }
    }

    @Override
    public void checkpoint(long bitOffset, boolean memberStart, byte[] window) throws IOException {
      rethrowScanFailure();
      full.add(new Item(null, 0, bitOffset, memberStart, window));
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      full.add(END);
      try {
        scanner.join();
      } catch (InterruptedException e) {
        scanner.interrupt();
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("index build interrupted");
      }
      rethrowScanFailure();
    }

    /** Throws the scanning thread's failure, once. */
    private void rethrowScanFailure() throws IOException {
      Throwable failure = scanFailure;
      if (failure == null || failure == thrown) {
        return;
      }
      thrown = failure;
      if (failure instanceof IOException io) {
        throw io;
      }
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (failure instanceof Error error) {
        throw error;
      }
      throw new IOException(failure);
    }
  }
}
