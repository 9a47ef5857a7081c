package io.dataplug.formats.las;

import io.dataplug.formats.las.laz.LazFields;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.ReadAhead;
import io.dataplug.formats.storage.BlobStore;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * Reads one {@link LidarSlice}: fetches each run's bytes by ranged reads (adjacent runs share requests of up to
 * 8 MiB), checks them against the index's CRC where there is one, decodes LAZ chunks, and appends the points that
 * pass the filter and fall in the slice's tiles to a {@link LasBatchWriter}.
 */
public final class LidarSliceReader implements Closeable {
  static final int READ_BYTES = 8 << 20;

  private final BlobStore store;
  private final LidarSlice slice;
  private final LasHeader header;
  private final int recordLength;
  private final LazDecoder lazDecoder;
  private final LazFields lazFields;
  private Blob blob;
  private ReadAhead reads;
  private LazChunkDecoder decoder;
  private int nextRun;
  private PointRun run;
  /** Within the current run, the next point not yet decoded into {@link #records}. */
  private long runPoint;
  private byte[] records = new byte[0];
  /** Where the current points' records are: {@link #records} (decoded LAZ) or the fetched bytes themselves (LAS). */
  private byte[] source = records;
  private int sourceBase;
  private int[] selected = new int[0];
  private int selectedCount;
  private int selectedCursor;
  private long bufferFirstPoint;
  private long pointsDecoded;
  /**
   * The byte ranges the slice reads, in order: each LAZ chunk and each indexed LAS block whole (its CRC covers it),
   * other LAS runs in pieces of up to {@link #READ_BYTES}; adjacent pieces share requests.
   */
  private long[] pieceOffsets;
  private long[] pieceLengths;
  private int[] piecePoints;
  private int nextPiece;
  private long runsRead;

  /** {@code lazFields}: the fields of layered LAZ chunks the reader needs (the others keep the chunk's first values). */
  public LidarSliceReader(BlobStore store, LidarSlice slice, LazDecoder lazDecoder, LazFields lazFields) {
    this.store = store;
    this.lazDecoder = lazDecoder;
    this.lazFields = lazFields;
    this.slice = slice;
    this.header = slice.file().header();
    this.recordLength = header.pointRecordLength();
  }

  /** Appends up to {@code maxRows} points to the writer (already bound to this file); 0 when the slice is done. */
  public int read(LasBatchWriter writer, int maxRows) throws IOException {
    int written = 0;
    while (written < maxRows) {
      if (selectedCursor == selectedCount && !fill()) {
        break;
      }
      int n = Math.min(maxRows - written, selectedCount - selectedCursor);
      writer.append(source, sourceBase, recordLength, selected, selectedCursor, n, bufferFirstPoint);
      selectedCursor += n;
      written += n;
    }
    return written;
  }

  /** Decodes the next buffer of points and selects the ones to keep; false at the end of the slice. */
  private boolean fill() throws IOException {
    while (true) {
      if (run == null || runPoint == run.pointCount()) {
        if (nextRun == slice.runs().size()) {
          return false;
        }
        run = slice.runs().get(nextRun++);
        runPoint = 0;
        runsRead++;
        open();
      }
      int n = slice.file().compressed() ? decodeChunk() : readRecords();
      bufferFirstPoint = run.firstPoint() + runPoint;
      runPoint += n;
      pointsDecoded += n;
      select(n);
      if (selectedCount > 0) {
        return true;
      }
    }
  }

  private void planPieces() {
    boolean compressed = slice.file().compressed();
    int perPiece = Math.max(1, READ_BYTES / recordLength);
    int count = 0;
    for (PointRun r : slice.runs()) {
      count += compressed || r.verify() ? 1 : Math.toIntExact((r.pointCount() + perPiece - 1) / perPiece);
    }
    pieceOffsets = new long[count];
    pieceLengths = new long[count];
    piecePoints = new int[count];
    int k = 0;
    for (PointRun r : slice.runs()) {
      if (compressed) {
        pieceOffsets[k] = r.offset();
        pieceLengths[k] = r.length();
        piecePoints[k++] = Math.toIntExact(r.pointCount());
        continue;
      }
      int per = r.verify() ? Math.toIntExact(r.pointCount()) : perPiece;
      for (long first = 0; first < r.pointCount(); first += per) {
        int n = (int) Math.min(per, r.pointCount() - first);
        pieceOffsets[k] = r.offset() + first * recordLength;
        pieceLengths[k] = (long) n * recordLength;
        piecePoints[k++] = n;
      }
    }
  }

  private void open() throws IOException {
    if (blob != null) {
      return;
    }
    blob = store.open(slice.file().uri());
    if (!blob.identity().equals(slice.file().identity())) {
      throw new LasFormatException("File " + blob.uri() + " changed after it was planned (" + slice.file().identity()
          + ", now " + blob.identity() + "): run the query again");
    }
    planPieces();
    reads = new ReadAhead(blob, pieceOffsets, pieceLengths, 0, READ_BYTES, LasFormatException::new);
    if (slice.file().compressed()) {
      decoder = new LazChunkDecoder(blob.uri(), slice.file().laz(), recordLength, lazDecoder, lazFields);
    }
  }

  private int decodeChunk() throws IOException {
    int k = nextPiece++;
    int count = piecePoints[k];
    int length = Math.toIntExact(pieceLengths[k]);
    byte[] bytes = reads.fetch(k, run.label());
    int at = reads.offsetIn(pieceOffsets[k]);
    verify(bytes, at, length);
    ensureRecords(count);
    decoder.decode(bytes, at, length, count, records, run.label() + " (bytes " + run.offset() + "+" + length + ")");
    source = records;
    sourceBase = 0;
    return count;
  }

  private int readRecords() throws IOException {
    int k = nextPiece++;
    int n = piecePoints[k];
    int length = Math.toIntExact(pieceLengths[k]);
    byte[] bytes = reads.fetch(k, run.label());
    int at = reads.offsetIn(pieceOffsets[k]);
    if (run.verify()) {
      verify(bytes, at, length);
    }
    // LAS records are read where they were fetched, not copied: every request gets a buffer of its own
    ensureSelected(n);
    source = bytes;
    sourceBase = at;
    return n;
  }

  private void verify(byte[] bytes, int at, int length) throws LasFormatException {
    if (!run.verify()) {
      return;
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, at, length);
    if ((int) crc.getValue() != run.crc()) {
      throw new LasFormatException("CRC mismatch in " + run.label() + " (bytes " + run.offset() + "+" + length + ") of "
          + blob.uri() + ": the file changed after it was indexed; rebuild its index (index=rebuild)");
    }
  }

  private void ensureRecords(int count) {
    if (records.length < count * recordLength) {
      records = new byte[count * recordLength];
    }
    ensureSelected(count);
  }

  private void ensureSelected(int count) {
    if (selected.length < count) {
      selected = new int[count];
    }
  }

  private void select(int n) {
    selectedCursor = 0;
    PointFilter filter = slice.filter();
    TileGroup tiles = slice.tiles();
    if (filter == null && tiles == null) {
      for (int i = 0; i < n; i++) {
        selected[i] = i;
      }
      selectedCount = n;
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(source).order(ByteOrder.LITTLE_ENDIAN);
    int kept = 0;
    // Neighbouring points mostly share a tile: the last cell's answer is kept.
    long lastColumn = 0;
    long lastRow = 0;
    boolean lastInGroup = false;
    boolean anyCell = false;
    for (int i = 0; i < n; i++) {
      int at = sourceBase + i * recordLength;
      // The same arithmetic as the X, Y and Z columns, so a point is kept exactly when its column values pass.
      double x = header.coordinate(0, b.getInt(at));
      double y = header.coordinate(1, b.getInt(at + 4));
      if (tiles != null) {
        long column = TileCell.columnOf(x, tiles.size());
        long row = TileCell.rowOf(y, tiles.size());
        if (!anyCell || column != lastColumn || row != lastRow) {
          lastInGroup = tiles.contains(column, row);
          lastColumn = column;
          lastRow = row;
          anyCell = true;
        }
        if (!lastInGroup) {
          continue;
        }
      }
      if (filter != null && !filter.test(x, y, header.coordinate(2, b.getInt(at + 8)))) {
        continue;
      }
      selected[kept++] = i;
    }
    selectedCount = kept;
  }

  public long pointsDecoded() {
    return pointsDecoded;
  }

  public long runsRead() {
    return runsRead;
  }

  public long bytesFetched() {
    return blob == null ? 0 : blob.stats().bytes();
  }

  public long requests() {
    return blob == null ? 0 : blob.stats().requests();
  }

  @Override
  public void close() throws IOException {
    if (reads != null) {
      reads.close();
    }
    if (blob != null) {
      blob.close();
    }
  }
}
