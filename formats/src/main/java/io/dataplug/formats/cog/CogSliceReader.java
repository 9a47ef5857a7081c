package io.dataplug.formats.cog;

import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.storage.ReadAhead;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteOrder;

/**
 * Reads one slice's tiles: each plane's bytes (and the mask tile's) through one read-ahead window, decoded by
 * {@link TileDecoder}. The file must be the one planned (same identity): tile offsets of another version would give
 * wrong pixels.
 */
final class CogSliceReader implements Closeable {
  private static final int WINDOW = 8 << 20;

  private final CogSlice slice;
  private final boolean decode;
  private final Blob blob;
  private final ReadAhead reads;
  private final ByteOrder order;
  /** The next block to fetch, in read order (each tile's planes, then its mask tile). */
  private int block;
  /** COG tiles are framed by a 4-byte size before and a 4-byte copy after (GDAL): such gaps join a run. */
  private static final long FRAMING_GAP = 8;
  private final InflaterEngine inflater;
  private final TileDecoder decoder;
  /** Mask tiles have their own decoder: a decoder's output is reused by its next call. */
  private TileDecoder maskDecoder;
  private int next;

  CogSliceReader(BlobStore store, CogSlice slice, boolean decode, InflaterEngine inflater) throws IOException {
    this.slice = slice;
    this.decode = decode;
    this.inflater = inflater;
    this.decoder = new TileDecoder(inflater);
    try {
      this.blob = store.open(slice.uri());
    } catch (IOException | RuntimeException e) {
      decoder.close();
      throw e;
    }
    try {
      if (!blob.identity().equals(slice.identity())) {
        throw new CogFormatException(slice.uri() + " changed after its tiles were planned (planned: "
            + slice.identity() + ", now: " + blob.identity() + "): run the query again");
      }
      this.order = slice.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      int blocks = 0;
      for (long[] o : slice.offsets()) {
        blocks += o.length;
      }
      long[] offsets = new long[blocks];
      long[] lengths = new long[blocks];
      int k = 0;
      for (int i = 0; i < slice.tiles().length; i++) {
        for (int p = 0; p < slice.offsets()[i].length; p++, k++) {
          offsets[k] = slice.offsets()[i][p];
          lengths[k] = slice.counts()[i][p];
        }
      }
      this.reads = new ReadAhead(blob, offsets, lengths, FRAMING_GAP, WINDOW, CogFormatException::new);
    } catch (IOException | RuntimeException e) {
      decoder.close();
      blob.close();
      throw e;
    }
  }

  int read(CogBatchWriter writer, int maxRows) throws IOException {
    int rows = 0;
    RasterLevel level = slice.level();
    int planes = level.planar() ? level.samples() : 1;
    while (rows < maxRows && next < slice.tiles().length) {
      int i = next++;
      int tile = slice.tiles()[i];
      TileBounds bounds = TileBounds.of(level, tile);
      if (!decode) {
        block += slice.offsets()[i].length;
        writer.tile(bounds, null, null);
        rows++;
        continue;
      }
      String where = slice.uri() + ": IFD " + level.ifd() + " (level " + level.level() + ") tile " + tile
          + " (column " + bounds.column() + ", row " + bounds.row() + ")";
      byte[][] stored = new byte[planes][];
      boolean sparse = true;
      for (int p = 0; p < planes; p++) {
        stored[p] = fetch(slice.offsets()[i][p], slice.counts()[i][p], where);
        sparse &= stored[p].length == 0;
      }
      TileDecoder.Samples samples = sparse ? null : decoder.decode(level, stored, order, where);
      byte[] mask = null;
      if (level.mask() != null) {
        byte[] maskStored = fetch(slice.offsets()[i][planes], slice.counts()[i][planes], where + " mask");
        mask = maskStored.length == 0 ? null
            : maskDecoder().decode(level.mask(), new byte[][] {maskStored}, order, where + " mask").data();
      }
      writer.tile(bounds, samples, mask);
      rows++;
    }
    return rows;
  }

  /** A block's bytes; a sparse block (offset and count 0, GDAL) is empty. */
  private byte[] fetch(long offset, long count, String where) throws IOException {
    int k = block++;
    if (count == 0) {
      return new byte[0];
    }
    if (offset + count > blob.length()) {
      throw new CogFormatException(where + " lies at bytes [" + offset + ", " + (offset + count) + "), past the end"
          + " of the file (" + blob.length() + " bytes): the file is truncated or its tile table is wrong");
    }
    byte[] buffer = reads.fetch(k, where);
    byte[] out = new byte[(int) count];
    System.arraycopy(buffer, reads.offsetIn(offset), out, 0, out.length);
    return out;
  }

  private TileDecoder maskDecoder() {
    if (maskDecoder == null) {
      maskDecoder = new TileDecoder(inflater);
    }
    return maskDecoder;
  }

  long bytesFetched() {
    return blob.stats().bytes();
  }

  long requests() {
    return blob.stats().requests();
  }

  int tilesRead() {
    return next;
  }

  @Override
  public void close() throws IOException {
    decoder.close();
    if (maskDecoder != null) {
      maskDecoder.close();
    }
    reads.close();
    blob.close();
  }
}
