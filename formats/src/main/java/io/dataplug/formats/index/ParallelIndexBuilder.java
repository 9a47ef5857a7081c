package io.dataplug.formats.index;

import io.dataplug.formats.api.TaskRunner;
import io.dataplug.formats.codec.Codec;
import io.dataplug.formats.codec.Crc32Combine;
import io.dataplug.formats.gzip.GzipChunk;
import io.dataplug.formats.gzip.GzipDecoder;
import io.dataplug.formats.gzip.GzipFormatException;
import io.dataplug.formats.gzip.ResumePoint;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobIdentity;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the index of a gzip file in parallel, as tasks of a {@link TaskRunner}, where {@link IndexBuilder} decodes
 * it in one sequential pass. Two rounds of tasks, one per chunk of the compressed bytes:
 *
 * <ol>
 *   <li>each chunk finds its first deflate block or member start and decodes from there without the 32 KiB window
 *       before it ({@link GzipChunk}: markers stand for the unknown bytes) up to the first start at or after its
 *       end. The driver checks that every chunk starts where the one before stopped, and resolves the windows in
 *       order (32 KiB each);
 *   <li>each chunk decodes again from its start, now with its window, finds its first record start, scans its
 *       records up to the first record start at or after the next chunk's start, and takes the CRC32 of its span
 *       and of the pieces of the gzip members it holds. The driver checks that each chunk's first record is where
 *       the chunk before found it, counts ordinals, and checks every member's CRC32 and ISIZE across chunks.
 * </ol>
 *
 * Each chunk start becomes a checkpoint. Whenever a check fails (a block start that was not one, records that
 * cannot be found without the bytes before, such as wrapped FASTQ), {@link #build} returns null and says why, and
 * the caller builds the index sequentially: never a wrong index.
 */
public final class ParallelIndexBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(ParallelIndexBuilder.class);

  /** Compressed bytes per chunk, at the least. */
  public static final long MIN_CHUNK = 64 * 1024;
  /** Bytes a chunk decodes looking for its first record start before it gives up. */
  private static final int GUESS_LIMIT = 8 << 20;
  private static final int BUFFER = 256 * 1024;
  /** Rounds of decoding chunks again from where the chunk before stopped, before giving up. */
  private static final int MAX_ROUNDS = 3;

  private final String format;
  private final long span;
  private final RecordSync sync;
  private final TaskRunner runner;
  private final IndexBuilder.Progress progress;
  private String fallbackReason;
  private long[] lastTimings = new long[2];

  public ParallelIndexBuilder(String format, long span, RecordSync sync, TaskRunner runner,
      IndexBuilder.Progress progress) {
    this.format = format;
    this.span = span;
    this.sync = sync;
    this.runner = runner;
    this.progress = progress;
  }

  /** Compressed bytes per chunk: half the checkpoint span (gzip about halves text, so a span a checkpoint). */
  public static long chunkBytes(long span) {
    return Math.max(MIN_CHUNK, span / 2);
  }

  /** Whether building this file in chunks pays: a gzip (not BGZF) file of two chunks or more, and two workers. */
  public boolean applies(Blob blob) throws IOException {
    return runner.parallelism() >= 2 && blob.length() >= 2 * chunkBytes(span)
        && IndexBuilder.detectCodec(blob) == Codec.GZIP;
  }

  /** The index, or null (with the reason logged) when the file must be indexed sequentially. */
  public IndexBuilder.Built build(Blob blob) throws IOException {
    String uri = blob.uri();
    BlobIdentity identity = blob.identity();
    long length = identity.length();
    long chunk = chunkBytes(span);
    List<ScanChunk> scans = new ArrayList<>();
    for (long start = 0; start < length; start += chunk) {
      scans.add(new ScanChunk(uri, identity, start, Math.min(length, start + chunk), -1, false));
    }
    long started = System.nanoTime();
    List<GzipChunk> scanned = new ArrayList<>(runner.runAll(String.format(Locale.ROOT,
        "dataplug: find deflate blocks in %d chunks of %s", scans.size(), uri), scans));
    progress.update(length / 2, length, 0);
    List<GzipChunk> found = null;
    for (int round = 0; found == null; round++) {
      List<Integer> redo = new ArrayList<>();
      List<ScanChunk> again = new ArrayList<>();
      found = meetEndToEnd(scanned, redo, again, uri, identity, chunk);
      if (found != null) {
        break;
      }
      if (round == MAX_ROUNDS) {
        return fallBack(uri, "chunks still did not meet after " + MAX_ROUNDS + " rounds of decoding again from "
            + "where the chunk before stopped");
      }
      List<GzipChunk> redone = runner.runAll(String.format(Locale.ROOT,
          "dataplug: decode %d chunks of %s again from where the chunk before stopped", again.size(), uri), again);
      for (int i = 0; i < redo.size(); i++) {
        scanned.set(redo.get(i), redone.get(i));
      }
    }
    if (!found.get(found.size() - 1).endOfData()) {
      return fallBack(uri, "the last chunk did not reach the end of the gzip data");
    }

    List<IndexChunk> tasks = new ArrayList<>();
    byte[] window = new byte[0];
    long produced = 0;
    int previousByte = -1;
    for (int i = 0; i < found.size(); i++) {
      GzipChunk c = found.get(i);
      long bit = i == 0 ? c.startBit() : found.get(i - 1).endBit();
      boolean member = i == 0 || found.get(i - 1).endsMember();
      if (member) {
        window = new byte[0];
      }
      boolean last = i == found.size() - 1;
      tasks.add(new IndexChunk(uri, identity, sync, i == 0, last, bit, produced, member, window, previousByte,
          produced + c.decodedBytes(), (c.endBit() >>> 3) + 1));
      byte[] after = c.windowAfter(window);
      if (after == null) {
        return fallBack(uri, "the chunk at byte " + c.chunkStart() + " refers to data before its gzip member");
      }
      if (after.length > 0) {
        previousByte = after[after.length - 1] & 0xFF;
      }
      window = after;
      produced += c.decodedBytes();
    }

    long windowsKnown = System.nanoTime();
    List<ChunkRecords> chunks = runner.runAll(String.format(Locale.ROOT,
        "dataplug: index %d chunks of %s", tasks.size(), uri), tasks);
    progress.update(length, length, produced);
    IndexBuilder.Built built = assemble(uri, identity, tasks, chunks, produced);
    long done = System.nanoTime();
    if (built != null) {
      LOG.info(String.format(Locale.ROOT, "Indexed %s in %d chunks of %s on %d workers: blocks and windows %.2f s,"
          + " records %.2f s, %,d bytes decoded", uri, tasks.size(), io.dataplug.formats.api.Sizes.human(chunk),
          runner.parallelism(), (windowsKnown - started) / 1e9, (done - windowsKnown) / 1e9, produced));
    }
    lastTimings = new long[] {windowsKnown - started, done - windowsKnown};
    return built;
  }

  /**
   * The chunks that found a start, when each starts where the one before stopped; else null, with the chunks to
   * decode again from where the chunk before stopped (those whose chunk before is itself right).
   */
  private static List<GzipChunk> meetEndToEnd(List<GzipChunk> scanned, List<Integer> redo, List<ScanChunk> again,
      String uri, BlobIdentity identity, long chunk) {
    List<GzipChunk> found = new ArrayList<>();
    GzipChunk previous = null;
    boolean previousRight = true;
    for (int i = 0; i < scanned.size(); i++) {
      GzipChunk c = scanned.get(i);
      if (!c.found()) {
        continue;
      }
      boolean right = previous == null || c.startsWhere(previous);
      if (!right && previousRight) {
        redo.add(i);
        again.add(new ScanChunk(uri, identity, c.chunkStart(), Math.min(identity.length(), c.chunkStart() + chunk),
            previous.endBit(), previous.endsMember()));
      }
      found.add(c);
      previous = c;
      previousRight = right && previousRight;
    }
    return redo.isEmpty() ? found : null;
  }

  private IndexBuilder.Built assemble(String uri, BlobIdentity identity, List<IndexChunk> tasks,
      List<ChunkRecords> chunks, long produced) throws IOException {
    List<Checkpoint> entries = new ArrayList<>();
    List<byte[]> windows = new ArrayList<>();
    Deflater deflater = new Deflater(6, true);
    long ordinal = 0;
    long openCrc = 0;
    long openLength = 0;
    try {
      for (int i = 0; i < tasks.size(); i++) {
        IndexChunk task = tasks.get(i);
        ChunkRecords records = chunks.get(i);
        if (!records.synced()) {
          return fallBack(uri, "no record start could be confirmed after uncompressed byte " + task.uncompressed);
        }
        if (i > 0 && records.recordStart() != chunks.get(i - 1).nextRecordStart()) {
          return fallBack(uri, "the chunk at uncompressed byte " + task.uncompressed + " found its first record at "
              + records.recordStart() + ", the chunk before at " + chunks.get(i - 1).nextRecordStart());
        }
        Checkpoint c = IndexBuilder.checkpointEntry(task.bit, task.uncompressed, task.member,
            task.member ? null : task.window, deflater, windows);
        entries.add(new Checkpoint(c.bitOffset(), c.uncompressedOffset(), c.memberStart(), records.spanCrc(),
            records.recordStart(), ordinal, records.headCrc(), c.windowPosition(), c.windowLength(),
            c.windowRawLength(), c.windowCrc()));
        ordinal += records.records();

        if (task.member) {
          openCrc = 0;
          openLength = 0;
        }
        openCrc = Crc32Combine.combine(openCrc, records.firstPieceCrc(), records.firstPieceLength());
        openLength += records.firstPieceLength();
        if (records.firstMemberEnd() >= 0) {
          checkMember(uri, records.firstMemberEnd(), openCrc, openLength, records);
          openCrc = records.lastPieceCrc();
          openLength = records.lastPieceLength();
        }
      }
    } finally {
      deflater.end();
    }
    ChunkRecords last = chunks.get(chunks.size() - 1);
    if (last.total() != produced) {
      return fallBack(uri, "the chunks decoded " + produced + " bytes, the last one ended at " + last.total());
    }
    FileIndex index = new FileIndex(format, Codec.GZIP, identity, span, produced, ordinal, entries, -1, null);
    return new IndexBuilder.Built(index, windows);
  }

  private static void checkMember(String uri, long end, long crc, long length, ChunkRecords records)
      throws IOException {
    if (crc != records.endedCrc()) {
      throw new GzipFormatException(uri, -1, String.format(Locale.ROOT,
          "CRC32 mismatch in the gzip member that ends at uncompressed byte %d: trailer says %08x, data gives %08x",
          end, records.endedCrc(), crc));
    }
    if ((length & 0xFFFFFFFFL) != records.endedSize()) {
      throw new GzipFormatException(uri, -1, "ISIZE mismatch in the gzip member that ends at uncompressed byte "
          + end + ": trailer says " + records.endedSize() + ", data gives " + length);
    }
  }

  private IndexBuilder.Built fallBack(String uri, String why) {
    LOG.info("Indexing {} in one sequential pass instead of in parallel: {}", uri, why);
    fallbackReason = why;
    return null;
  }

  /** Nanoseconds the last {@link #build} spent in its two rounds: blocks and windows, then records. */
  public long[] lastTimings() {
    return lastTimings.clone();
  }

  /** Why the last {@link #build} returned null, or null. */
  public String fallbackReason() {
    return fallbackReason;
  }

  private static Blob open(BlobStore store, String uri, BlobIdentity identity) throws IOException {
    Blob blob = store.open(uri);
    if (!blob.identity().equals(identity)) {
      blob.close();
      throw new IOException(uri + " changed while it was being indexed (it was " + identity + ", now "
          + blob.identity() + "); read it again");
    }
    return blob;
  }

  /**
   * The first round: one chunk decoded without its window, from the first start found in it, or from
   * {@code knownStart} (where the chunk before stopped) when the start found was not one.
   */
  private record ScanChunk(String uri, BlobIdentity identity, long start, long end, long knownStart,
      boolean knownStartIsMember) implements TaskRunner.StoreTask<GzipChunk> {
    @Override
    public GzipChunk run(BlobStore store) throws IOException {
      try (Blob blob = open(store, uri, identity)) {
        return knownStart < 0 ? GzipChunk.scan(blob, start, end)
            : GzipChunk.scanFrom(blob, start, end, knownStart, knownStartIsMember);
      }
    }
  }

  /**
   * What the second round found in one chunk.
   *
   * @param synced false when the chunk's first record start could not be confirmed on its own
   * @param recordStart its first record start (uncompressed offset)
   * @param headCrc CRC32 from the chunk's start to that record
   * @param spanCrc CRC32 of the chunk's bytes
   * @param records records from {@code recordStart} to {@code nextRecordStart}
   * @param nextRecordStart the first record start at or after the next chunk's start, or the total length
   * @param total the uncompressed length of the file when the chunk decoded to its end, else -1
   * @param firstMemberEnd where the first gzip member that ends in the chunk ends, or -1
   * @param firstPieceCrc CRC32 from the chunk's start to {@code firstMemberEnd} (or the chunk's end)
   * @param endedCrc the CRC32 in that member's trailer
   * @param endedSize the ISIZE in that trailer
   * @param lastPieceCrc CRC32 from the last member start in the chunk to the chunk's end
   */
  private record ChunkRecords(boolean synced, long recordStart, int headCrc, int spanCrc, long records,
      long nextRecordStart, long total, long firstMemberEnd, long firstPieceCrc, long firstPieceLength,
      long endedCrc, long endedSize, long lastPieceCrc, long lastPieceLength) implements Serializable {
    static ChunkRecords unsynced() {
      return new ChunkRecords(false, -1, 0, 0, 0, -1, -1, -1, 0, 0, 0, 0, 0, 0);
    }
  }

  /** The second round: one chunk decoded with its window, its records scanned. */
  private static final class IndexChunk implements TaskRunner.StoreTask<ChunkRecords> {
    private final String uri;
    private final BlobIdentity identity;
    private final RecordSync sync;
    private final boolean first;
    private final boolean last;
    private final long bit;
    private final long uncompressed;
    private final boolean member;
    private final byte[] window;
    private final int previousByte;
    private final long next;
    private final long compressedEnd;

    IndexChunk(String uri, BlobIdentity identity, RecordSync sync, boolean first, boolean last, long bit,
        long uncompressed, boolean member, byte[] window, int previousByte, long next, long compressedEnd) {
      this.uri = uri;
      this.identity = identity;
      this.sync = sync;
      this.first = first;
      this.last = last;
      this.bit = bit;
      this.uncompressed = uncompressed;
      this.member = member;
      this.window = window;
      this.previousByte = previousByte;
      this.next = last ? Long.MAX_VALUE : next;
      this.compressedEnd = compressedEnd;
    }

    @Override
    public ChunkRecords run(BlobStore store) throws IOException {
      try (Blob blob = open(store, uri, identity);
          GzipDecoder decoder = GzipDecoder.resume(blob,
              new ResumePoint(bit, uncompressed, member, member ? null : window), blob.length(),
              Math.min(blob.length(), compressedEnd + 64 * 1024), GzipDecoder.Engine.NATIVE)) {
        return new Pass(decoder).run();
      }
    }

    /** One chunk's pass: CRCs of the span and member pieces, then the first record start and the records. */
    private final class Pass {
      private final GzipDecoder decoder;
      private final CRC32 spanCrc = new CRC32();
      private final CRC32 pieceCrc = new CRC32();
      private final CRC32 headCrc = new CRC32();
      private long pieceStart = uncompressed;
      private boolean ownHeaderPending = member;
      private long firstMemberEnd = -1;
      private long firstPieceCrc;
      private long firstPieceLength;
      private long endedCrc;
      private long endedSize;

      private byte[] guess;
      private int guessLength;
      private int guessFrom;
      private RecordScanner scanner;
      private long recordStart = -1;
      private long nextRecordStart = -1;
      private long records;
      private long total = -1;
      private boolean lost;

      Pass(GzipDecoder decoder) {
        this.decoder = decoder;
        if (first) {
          scanner = sync.scannerFromFileStart(uri);
        } else {
          guess = new byte[BUFFER + 1];
          if (previousByte >= 0) {
            guess[0] = (byte) previousByte;
            guessLength = 1;
            guessFrom = 1;
          }
        }
      }

      ChunkRecords run() throws IOException {
        byte[] buf = new byte[BUFFER];
        long position = uncompressed;
        while (true) {
          int n = decoder.read(buf, 0, buf.length);
          if (n == 0) {
            if (decoder.boundary() == GzipDecoder.Boundary.MEMBER) {
              memberBoundary(position);
            }
            continue;
          }
          if (n < 0) {
            if (position > uncompressed || !member) {
              memberBoundary(position);
            }
            endOfData(position);
            break;
          }
          int belowNext = (int) Math.max(0, Math.min(n, next - position));
          spanCrc.update(buf, 0, belowNext);
          pieceCrc.update(buf, 0, belowNext);
          records(buf, n, position);
          position += n;
          if (lost) {
            return ChunkRecords.unsynced();
          }
          if (nextRecordStart >= 0 && position > next) {
            break;
          }
        }
        if (lost) {
          return ChunkRecords.unsynced();
        }
        long end = Math.min(position, next);
        long lastPieceLength = end - pieceStart;
        if (firstMemberEnd < 0) {
          firstPieceCrc = pieceCrc.getValue();
          firstPieceLength = lastPieceLength;
        }
        return new ChunkRecords(true, recordStart, (int) headCrc.getValue(), (int) spanCrc.getValue(), records,
            nextRecordStart, total, firstMemberEnd, firstPieceCrc, firstPieceLength, endedCrc, endedSize, pieceCrc.getValue(),
            lastPieceLength);
      }

      /** A member ended at {@code position} (the decoder read the next header, or the end of the data). */
      private void memberBoundary(long position) {
        if (ownHeaderPending) {
          ownHeaderPending = false;
          return;
        }
        if (position > next) {
          return;
        }
        if (firstMemberEnd < 0) {
          firstMemberEnd = position;
          firstPieceCrc = pieceCrc.getValue();
          firstPieceLength = position - pieceStart;
          endedCrc = decoder.lastTrailerCrc();
          endedSize = decoder.lastTrailerSize();
        }
        pieceCrc.reset();
        pieceStart = position;
      }

      private void records(byte[] b, int n, long position) throws IOException {
        if (nextRecordStart >= 0) {
          return;
        }
        if (recordStart < 0 && !first) {
          guess(b, n, position, false);
          return;
        }
        scan(b, 0, n, position);
      }

      /** Gathers bytes until the format can tell where the first record starts. */
      private void guess(byte[] b, int n, long position, boolean endOfData) throws IOException {
        if (guessLength + n > guess.length) {
          if (guessLength + n > GUESS_LIMIT) {
            lost = true;
            return;
          }
          guess = Arrays.copyOf(guess, Math.max(guess.length * 2, guessLength + n));
        }
        System.arraycopy(b, 0, guess, guessLength, n);
        guessLength += n;
        int at = sync.firstRecordStart(guess, guessFrom, guessLength, endOfData);
        if (at == RecordSync.NEED_MORE) {
          return;
        }
        recordStart = uncompressed + at - guessFrom;
        headCrc.update(guess, guessFrom, at - guessFrom);
        scanner = sync.scannerAtRecord(uri, recordStart);
        if (recordStart >= next || at == guessLength) {
          nextRecordStart = recordStart;
          records = 0;
          return;
        }
        byte[] rest = Arrays.copyOfRange(guess, at, guessLength);
        guess = null;
        scan(rest, 0, rest.length, recordStart);
      }

      /** Scans records; stops at the first record start at or after the next chunk's start. */
      private void scan(byte[] b, int off, int n, long position) throws IOException {
        try {
          int beforeNext = (int) Math.max(0, Math.min(n, next - position));
          if (beforeNext > 0) {
            int found = scanner.scan(b, off, beforeNext);
            if (first && recordStart < 0) {
              headCrc.update(b, off, found < 0 ? beforeNext : found - off);
              if (found >= 0) {
                recordStart = position + found - off;
              }
            }
          }
          if (beforeNext < n) {
            int found = scanner.scan(b, off + beforeNext, n - beforeNext);
            if (found >= 0) {
              nextRecordStart = position + found - off;
              records = scanner.lastFoundOrdinal();
              if (recordStart < 0) {
                // The file's first record starts after the first chunk (only the first chunk gets here).
                headCrc.update(b, off + beforeNext, found - off - beforeNext);
                recordStart = nextRecordStart;
              }
            }
          }
        } catch (IOException e) {
          if (first) {
            throw e;
          }
          // A record start guessed wrongly can make good data look broken: the sequential pass decides.
          lost = true;
        }
      }

      private void endOfData(long position) throws IOException {
        total = position;
        if (nextRecordStart >= 0 || lost) {
          return;
        }
        if (recordStart < 0 && !first) {
          guess(new byte[0], 0, position, true);
          if (nextRecordStart >= 0 || lost) {
            return;
          }
          if (recordStart < 0) {
            lost = true;
            return;
          }
        }
        try {
          records = scanner.finish();
        } catch (IOException e) {
          if (first) {
            throw e;
          }
          lost = true;
          return;
        }
        if (first && recordStart < 0) {
          recordStart = position;
        }
        nextRecordStart = position;
      }
    }
  }
}
