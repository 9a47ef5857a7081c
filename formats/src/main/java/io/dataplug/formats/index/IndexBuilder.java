package io.dataplug.formats.index;

import io.dataplug.formats.codec.PlainSource;
import io.dataplug.formats.codec.DecodedSource;
import io.dataplug.formats.codec.Codec;
import io.dataplug.formats.gzip.Bgzf;
import io.dataplug.formats.gzip.GzipDecoder;
import io.dataplug.formats.gzip.InflateEngines;
import io.dataplug.formats.storage.Blob;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds a sidecar index in one sequential pass: decodes the file, takes a checkpoint at the first member or block
 * start after every {@code span} uncompressed bytes (with its window when inside a gzip member), and lets a
 * {@link RecordScanner} find the first record start after each checkpoint and validate the format.
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

  public IndexBuilder(String format, long span, Progress progress) {
    if (span <= 0) {
      throw new IllegalArgumentException("checkpoint span must be positive: " + span);
    }
    this.format = format;
    this.span = span;
    this.progress = progress;
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
      GzipDecoder.Engine engine = codec == Codec.BGZF ? InflateEngines.preferred() : GzipDecoder.Engine.JAVA;
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
    private final Deflater windowDeflater = new Deflater(6, true);
    long produced;
    private long lastCheckpoint = Long.MIN_VALUE / 2;
    private long nextProgress;

    Pass(Blob blob, RecordScanner scanner) {
      this.blob = blob;
      this.scanner = scanner;
    }

    void run(DecodedSource source, GzipDecoder gzip, Codec codec) throws IOException {
      byte[] buf = new byte[CHUNK];
      try {
        while (true) {
          if (gzip == null && produced - lastCheckpoint >= span) {
            checkpoint(produced * 8, true, null);
          }
          int n = source.read(buf, 0, gzip == null ? (int) Math.min(CHUNK, lastCheckpoint + span - produced) : CHUNK);
          if (n < 0) {
            break;
          }
          if (n == 0) {
            GzipDecoder.Boundary boundary = gzip.boundary();
            boolean usable = boundary == GzipDecoder.Boundary.MEMBER
                || (boundary == GzipDecoder.Boundary.BLOCK && codec != Codec.BGZF);
            if (usable && produced - lastCheckpoint >= span) {
              checkpoint(gzip.boundaryBitOffset(), boundary == GzipDecoder.Boundary.MEMBER,
                  boundary == GzipDecoder.Boundary.BLOCK ? gzip.window() : null);
            }
            continue;
          }
          consume(buf, n);
          if (produced >= nextProgress) {
            progress.update(gzip == null ? produced : gzip.compressedPosition(), blob.length(), produced);
            nextProgress = produced + (64L << 20);
          }
        }
      } finally {
        windowDeflater.end();
      }
      if (entries.isEmpty()) {
        checkpoint(0, true, null);
      }
      progress.update(blob.length(), blob.length(), produced);
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
      lastCheckpoint = produced;
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
}
