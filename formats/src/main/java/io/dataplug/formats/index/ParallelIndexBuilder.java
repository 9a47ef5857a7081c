package io.dataplug.formats.index;

import io.dataplug.formats.api.TaskRunner;
import io.dataplug.formats.codec.Codec;
import io.dataplug.formats.codec.Crc32Combine;
import io.dataplug.formats.gzip.GzipChunk;
import io.dataplug.formats.gzip.GzipDecoder;
import io.dataplug.formats.gzip.GzipFormatException;
import io.dataplug.formats.gzip.ResumePoint;
import io.dataplug.formats.gzip.WholeSpan;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobIdentity;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
  /** Bytes read ahead past a chunk's end for its last block and first record after it. */
  private static final int OVERREAD = 256 * 1024;
  /** The largest chunk decoded again in one libdeflate call (its bytes are held at once). */
  private static final long MAX_SPAN_BYTES = 256L << 20;
  /** Rounds of decoding chunks again from where the chunk before stopped, before giving up. */
  private static final int MAX_ROUNDS = 8;

  private final String format;
  private final long span;
  private final RecordSync sync;
  private final TaskRunner runner;
  private final IndexBuilder.Progress progress;
  private String fallbackReason;

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

  /** Whether this file can be built in chunks: a gzip (not BGZF) file of two chunks or more. */
  public boolean applies(Blob blob) throws IOException {
    return blob.length() >= 2 * chunkBytes(span)
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
      scans.add(new ScanChunk(uri, identity, sync, start, Math.min(length, start + chunk), -1, false));
    }
    long started = System.nanoTime();
    List<ChunkScan> scanned = new ArrayList<>(runner.runAll(String.format(Locale.ROOT,
        "dataplug: find deflate blocks in %d chunks of %s", scans.size(), uri), scans));
    progress.update(length / 2, length, 0);
    List<ChunkScan> found = null;
    for (int round = 0; found == null; round++) {
      for (ChunkScan c : scanned) {
        if (c.found() && c.exact() != null && !c.exact().synced()) {
          return fallBack(uri, "no record start could be confirmed in the chunk at byte " + c.chunkStart());
        }
      }
      List<Integer> redo = new ArrayList<>();
      List<ScanChunk> again = new ArrayList<>();
      found = meetEndToEnd(scanned, redo, again, uri, identity, chunk);
      if (found != null) {
        break;
      }
      if (round == MAX_ROUNDS) {
        ChunkScan c = scanned.get(redo.get(0));
        return fallBack(uri, "chunks still did not meet after " + MAX_ROUNDS + " rounds of decoding again from "
            + "where the chunk before stopped; the chunk at byte " + c.chunkStart() + " starts at bit "
            + c.startBit() + ", the chunk before ends at bit " + again.get(0).knownStart());
      }
      List<ChunkScan> redone = runner.runAll(String.format(Locale.ROOT,
          "dataplug: decode %d chunks of %s again from where the chunk before stopped", again.size(), uri), again);
      for (int i = 0; i < redo.size(); i++) {
        scanned.set(redo.get(i), redone.get(i));
      }
    }
    if (!found.get(found.size() - 1).endOfData()) {
      return fallBack(uri, "the last chunk did not reach the end of the gzip data");
    }

    // Windows in order; each chunk's bytes before its window became known are decoded again with it.
    List<PrefixPiece> prefixes = new ArrayList<>();
    boolean spans = WholeSpan.available();
    List<Integer> prefixOf = new ArrayList<>();
    List<ChunkStart> starts = new ArrayList<>();
    byte[] window = new byte[0];
    long produced = 0;
    int previousByte = -1;
    for (int i = 0; i < found.size(); i++) {
      ChunkScan c = found.get(i);
      long bit = i == 0 ? c.startBit() : found.get(i - 1).endBit();
      boolean member = i == 0 || found.get(i - 1).endsMember();
      if (member) {
        window = new byte[0];
      }
      starts.add(new ChunkStart(bit, produced, member, window));
      long prefix = c.prefixBytes();
      if (prefix > 0 || c.exact() == null) {
        boolean last = i == found.size() - 1 && c.exact() == null;
        prefixOf.add(i);
        // One libdeflate call for a whole chunk inside one member; else the zlib stream decoder.
        boolean wholeSpan = spans && c.exact() == null && !c.endOfData() && !c.marker().memberEndsInside()
            && prefix <= MAX_SPAN_BYTES && !member;
        prefixes.add(new PrefixPiece(uri, identity, sync, i == 0, last, bit, produced, member, window,
            previousByte, produced + prefix, c.prefixEndBit(), wholeSpan));
      }
      byte[] after = c.windowAfter(window);
      if (after == null) {
        return fallBack(uri, "the chunk at byte " + c.chunkStart() + " refers to data before its gzip member");
      }
      window = after;
      previousByte = c.exact() != null && c.exact().lastByte() >= 0 ? c.exact().lastByte()
          : after.length > 0 ? after[after.length - 1] & 0xFF : -1;
      produced += c.decodedBytes();
    }

    long windowsKnown = System.nanoTime();
    List<PieceScan.Result> prefixResults = prefixes.isEmpty() ? List.of() : runner.runAll(String.format(Locale.ROOT,
        "dataplug: index the first bytes of %d chunks of %s", prefixes.size(), uri), prefixes);
    progress.update(length, length, produced);
    List<List<Piece>> pieces = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      pieces.add(new ArrayList<>());
    }
    for (int k = 0; k < prefixes.size(); k++) {
      PrefixPiece task = prefixes.get(k);
      pieces.get(prefixOf.get(k)).add(new Piece(task.member, task.end - task.uncompressed, prefixResults.get(k)));
    }
    for (int i = 0; i < found.size(); i++) {
      ChunkScan c = found.get(i);
      if (c.exact() != null) {
        pieces.get(i).add(new Piece(c.exactStartsMember(), c.decodedBytes() - c.prefixBytes(),
            c.exact().shifted(starts.get(i).offset())));
      }
    }
    IndexBuilder.Built built = assemble(uri, identity, starts, pieces, produced);
    long done = System.nanoTime();
    if (built != null) {
      LOG.info(String.format(Locale.ROOT, "Indexed %s in %d chunks of %s on %d workers: blocks and windows %.2f s,"
          + " records of %d chunks decoded again %.2f s, %,d bytes", uri, found.size(),
          io.dataplug.formats.api.Sizes.human(chunk), runner.parallelism(), (windowsKnown - started) / 1e9,
          prefixes.size(), (done - windowsKnown) / 1e9, produced));
    }
    return built;
  }

  /** Where a chunk starts: its bit, uncompressed offset, whether a member starts there, and the window before it. */
  private record ChunkStart(long bit, long offset, boolean member, byte[] window) {}

  /** A piece of a chunk, decoded in one of the two rounds, and its length in uncompressed bytes. */
  private record Piece(boolean startsMember, long length, PieceScan.Result result) {}

  /**
   * The chunks that found a start, when each starts where the one before stopped; else null, with the chunks to
   * decode again from where the chunk before stopped: those whose chunk before starts where its own chunk before
   * stopped (a chunk decoded from a start that was not one may stop anywhere, so the chunk after it waits).
   */
  private List<ChunkScan> meetEndToEnd(List<ChunkScan> scanned, List<Integer> redo, List<ScanChunk> again,
      String uri, BlobIdentity identity, long chunk) {
    List<ChunkScan> found = new ArrayList<>();
    ChunkScan previous = null;
    boolean previousMet = true;
    for (int i = 0; i < scanned.size(); i++) {
      ChunkScan c = scanned.get(i);
      if (!c.found()) {
        continue;
      }
      boolean met = previous == null || c.startsWhere(previous);
      if (!met && previousMet) {
        redo.add(i);
        again.add(new ScanChunk(uri, identity, sync, c.chunkStart(),
            Math.min(identity.length(), c.chunkStart() + chunk), previous.endBit(), previous.endsMember()));
      }
      found.add(c);
      previous = c;
      previousMet = met;
    }
    return redo.isEmpty() ? found : null;
  }

  private IndexBuilder.Built assemble(String uri, BlobIdentity identity, List<ChunkStart> starts,
      List<List<Piece>> pieces, long produced) throws IOException {
    List<Checkpoint> entries = new ArrayList<>();
    List<byte[]> windows = new ArrayList<>();
    Deflater deflater = IndexBuilder.newWindowDeflater();
    long ordinal = 0;
    long openCrc = 0;
    long openLength = 0;
    PieceScan.Result previous = null;
    try {
      for (int i = 0; i < starts.size(); i++) {
        ChunkStart start = starts.get(i);
        PieceScan.Result first = pieces.get(i).get(0).result();
        long spanCrc = 0;
        for (Piece piece : pieces.get(i)) {
          PieceScan.Result r = piece.result();
          if (!r.synced()) {
            return fallBack(uri, "no record start could be confirmed after uncompressed byte " + start.offset());
          }
          if (previous != null && r.recordStart() != previous.nextRecordStart()) {
            return fallBack(uri, "a piece of the chunk at uncompressed byte " + start.offset() + " found its first"
                + " record at " + r.recordStart() + ", the piece before at " + previous.nextRecordStart());
          }
          spanCrc = Crc32Combine.combine(spanCrc, r.spanCrc() & 0xFFFFFFFFL, piece.length());
          if (piece.startsMember()) {
            openCrc = 0;
            openLength = 0;
          }
          openCrc = Crc32Combine.combine(openCrc, r.firstPieceCrc(), r.firstPieceLength());
          openLength += r.firstPieceLength();
          if (r.firstMemberEnd() >= 0) {
            checkMember(uri, r.firstMemberEnd(), openCrc, openLength, r);
            openCrc = r.lastPieceCrc();
            openLength = r.lastPieceLength();
          }
          previous = r;
        }
        Checkpoint entry = IndexBuilder.checkpointEntry(start.bit(), start.offset(), start.member(),
            start.member() ? null : start.window(), deflater, windows);
        entries.add(new Checkpoint(entry.bitOffset(), entry.uncompressedOffset(), entry.memberStart(),
            (int) spanCrc, first.recordStart(), ordinal, first.headCrc(), entry.windowPosition(),
            entry.windowLength(), entry.windowRawLength(), entry.windowCrc()));
        for (Piece piece : pieces.get(i)) {
          ordinal += piece.result().records();
        }
      }
    } finally {
      deflater.end();
    }
    if (previous.total() != produced) {
      return fallBack(uri, "the chunks decoded " + produced + " bytes, the last one ended at " + previous.total());
    }
    FileIndex index = new FileIndex(format, Codec.GZIP, identity, span, produced, ordinal, entries, -1, null);
    return new IndexBuilder.Built(index, windows);
  }

  private static void checkMember(String uri, long end, long crc, long length, PieceScan.Result piece)
      throws IOException {
    if (crc != piece.endedCrc()) {
      throw new GzipFormatException(uri, -1, String.format(Locale.ROOT,
          "CRC32 mismatch in the gzip member that ends at uncompressed byte %d: trailer says %08x, data gives %08x",
          end, piece.endedCrc(), crc));
    }
    if ((length & 0xFFFFFFFFL) != piece.endedSize()) {
      throw new GzipFormatException(uri, -1, "ISIZE mismatch in the gzip member that ends at uncompressed byte "
          + end + ": trailer says " + piece.endedSize() + ", data gives " + length);
    }
  }

  private IndexBuilder.Built fallBack(String uri, String why) {
    LOG.info("Indexing {} in one sequential pass instead of in parallel: {}", uri, why);
    fallbackReason = why;
    return null;
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
   * What the first round found in one chunk: its start (from {@link GzipChunk}, decoded with markers), where it
   * ends (the first block or member start at or after the chunk's end), and, once the window became known inside
   * the chunk, the rest decoded with bytes ({@code exact}, offsets from the chunk's start).
   *
   * @param marker the part decoded with markers
   * @param windowAtEnd the window at {@code endBit} when known here, else null (resolve {@code marker}'s tail)
   * @param exact the piece after the window became known, or null
   */
  private record ChunkScan(GzipChunk marker, long endBit, boolean endsMember, long endStoredKey, boolean endOfData,
      long decodedBytes, byte[] windowAtEnd, PieceScan.Result exact) implements Serializable {
    static ChunkScan of(GzipChunk marker) {
      return new ChunkScan(marker, marker.endBit(), marker.endsMember(), marker.endStoredKey(), marker.endOfData(),
          marker.decodedBytes(), null, null);
    }

    boolean found() {
      return marker.found();
    }

    long chunkStart() {
      return marker.chunkStart();
    }

    long startBit() {
      return marker.startBit();
    }

    /** Bytes from the chunk's start to where its window became known (all of them when it never did). */
    long prefixBytes() {
      return exact == null ? decodedBytes : marker.decodedBytes();
    }

    long prefixEndBit() {
      return marker.endBit();
    }

    boolean exactStartsMember() {
      return marker.endsMember();
    }

    boolean startsWhere(ChunkScan previous) {
      return marker.startsAt(previous.endBit, previous.endStoredKey);
    }

    byte[] windowAfter(byte[] before) {
      return windowAtEnd != null ? windowAtEnd : marker.windowAfter(before);
    }
  }

  /**
   * The first round: one chunk decoded without its window, from the first start found in it (or from
   * {@code knownStart}, where the chunk before stopped, when the start found was not one), with markers until its
   * window is known, then with bytes, its records scanned.
   */
  private record ScanChunk(String uri, BlobIdentity identity, RecordSync sync, long start, long end, long knownStart,
      boolean knownStartIsMember) implements TaskRunner.StoreTask<ChunkScan> {
    @Override
    public ChunkScan run(BlobStore store) throws IOException {
      try (Blob blob = open(store, uri, identity)) {
        GzipChunk marker = knownStart < 0 ? GzipChunk.scan(blob, start, end)
            : GzipChunk.scanFrom(blob, start, end, knownStart, knownStartIsMember);
        if (!marker.found() || !marker.handedOff()) {
          return ChunkScan.of(marker);
        }
        try {
          return exactPart(blob, marker);
        } catch (GzipFormatException e) {
          if (start == 0 || knownStart >= 0) {
            throw e;
          }
          // The start found decoded for two blocks but was not one: the chunk before will not end there, and
          // this chunk is decoded again from where it does.
          return ChunkScan.of(GzipChunk.notFound(start));
        }
      }
    }

    private ChunkScan exactPart(Blob blob, GzipChunk marker) throws IOException {
      long handOff = marker.endBit();
      long offset = marker.decodedBytes();
      boolean member = marker.endsMember();
      long stopBit = end * 8;
      long[] endBit = {-1};
      long[] endOffset = {-1};
      boolean[] endsMember = {false};
      long[] storedKey = {-1};
      byte[][] window = {null};
      PieceScan.EndFinder finder = (decoder, position) -> {
        long bit = decoder.boundaryBitOffset();
        if (bit < stopBit) {
          return -1;
        }
        if (decoder.boundary() == GzipDecoder.Boundary.MEMBER) {
          endsMember[0] = true;
          window[0] = new byte[0];
        } else {
          if (!GzipChunk.canStartChunk(decoder.nextBlockType())) {
            return -1;
          }
          storedKey[0] = decoder.nextStoredKey();
          window[0] = decoder.window();
        }
        endBit[0] = bit;
        endOffset[0] = position;
        return position;
      };
      PieceScan.Result exact;
      try (GzipDecoder decoder = GzipDecoder.resume(blob,
          new ResumePoint(handOff, offset, member, member ? null : marker.knownWindow()), blob.length(),
          Math.min(blob.length(), end + OVERREAD), GzipDecoder.Engine.JAVA)) {
        exact = new PieceScan(uri, sync, start == 0 && handOff == 0, offset, member, marker.lastByte(),
            Long.MAX_VALUE).run(decoder, finder);
      }
      if (!exact.synced()) {
        return new ChunkScan(marker, -1, false, -1, false, -1, null, exact);
      }
      if (endBit[0] < 0) {
        return new ChunkScan(marker, blob.length() * 8, false, -1, true, exact.total(), new byte[0], exact);
      }
      return new ChunkScan(marker, endBit[0], endsMember[0], storedKey[0], false, endOffset[0], window[0], exact);
    }
  }

  /** The second round: a chunk's bytes before its window became known, decoded again with the window. */
  private static final class PrefixPiece implements TaskRunner.StoreTask<PieceScan.Result> {
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
    private final long end;
    private final long endBit;
    private final boolean wholeSpan;

    PrefixPiece(String uri, BlobIdentity identity, RecordSync sync, boolean first, boolean last, long bit,
        long uncompressed, boolean member, byte[] window, int previousByte, long end, long endBit,
        boolean wholeSpan) {
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
      this.end = end;
      this.endBit = endBit;
      this.wholeSpan = wholeSpan;
    }

    @Override
    public PieceScan.Result run(BlobStore store) throws IOException {
      PieceScan scan = new PieceScan(uri, sync, first, uncompressed, member, previousByte,
          last ? Long.MAX_VALUE : end);
      try (Blob blob = open(store, uri, identity)) {
        ResumePoint from = new ResumePoint(bit, uncompressed, member, member ? null : window);
        if (!wholeSpan) {
          try (GzipDecoder decoder = GzipDecoder.resume(blob, from, blob.length(),
              Math.min(blob.length(), (endBit >>> 3) + OVERREAD), GzipDecoder.Engine.NATIVE)) {
            return scan.run(decoder, PieceScan.EndFinder.NONE);
          }
        }
        WholeSpan span = WholeSpan.inflate(blob, from, endBit, (int) (end - uncompressed));
        // The records after the span's end are read with the zlib stream decoder, from where the span ends.
        try (GzipDecoder after = GzipDecoder.resume(blob, new ResumePoint(endBit, end, false, span.windowAfter()),
            blob.length(), Math.min(blob.length(), (endBit >>> 3) + OVERREAD), GzipDecoder.Engine.NATIVE)) {
          return scan.run(span.bytes(), after, PieceScan.EndFinder.NONE);
        }
      }
    }
  }
}
