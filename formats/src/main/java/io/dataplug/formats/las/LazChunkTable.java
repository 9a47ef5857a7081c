package io.dataplug.formats.las;

import com.github.mreutegg.laszip4j.laszip.ArithmeticDecoder;
import com.github.mreutegg.laszip4j.laszip.ByteStreamInArray;
import com.github.mreutegg.laszip4j.laszip.IntegerCompressor;
import io.dataplug.formats.storage.Blob;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A LAZ file's chunk table (LASzip: an 8-byte offset at the start of the point data points to it; -1 means the
 * offset is in the file's last 8 bytes). The table is u32 version 0, u32 chunk count, then per chunk the byte size
 * (and, for variable chunks, the point count), arithmetic-coded as deltas by an IntegerCompressor(32 bits, 2 contexts).
 */
public record LazChunkTable(long[] offsets, long[] byteLengths, long[] pointCounts) {

  public int size() {
    return offsets.length;
  }

  public static LazChunkTable read(Blob blob, LasFileInfo info) throws IOException {
    LasHeader header = info.header();
    LazParameters laz = info.laz();
    String uri = blob.uri();
    long pointsStart = header.offsetToPointData();
    long fileLength = blob.length();
    if (pointsStart + 8 > fileLength) {
      throw new LasFormatException("Truncated LAZ file " + uri + ": no chunk-table offset at byte " + pointsStart);
    }
    byte[] eight = new byte[8];
    blob.readFully(pointsStart, eight, 0, 8);
    long tableStart = ByteBuffer.wrap(eight).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (tableStart == -1) {
      blob.readFully(fileLength - 8, eight, 0, 8);
      tableStart = ByteBuffer.wrap(eight).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
    long chunksStart = pointsStart + 8;
    if (tableStart >= fileLength) {
      throw new LasFormatException("Truncated LAZ file " + uri + ": its chunk table should start at byte " + tableStart
          + " (offset at byte " + pointsStart + "), but the file has only " + fileLength + " bytes");
    }
    if (tableStart < chunksStart || tableStart + 8 > fileLength) {
      throw new LasFormatException("Corrupt LAZ chunk table in " + uri + ": the offset at byte " + pointsStart
          + " says " + tableStart + ", outside the point data [" + chunksStart + ", " + fileLength + ")"
          + (tableStart == chunksStart - 8 ? " (the writer was interrupted before writing the table)" : ""));
    }
    byte[] head = new byte[8];
    blob.readFully(tableStart, head, 0, 8);
    ByteBuffer hb = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    int version = hb.getInt(0);
    long count = hb.getInt(4) & 0xFFFFFFFFL;
    long maxChunks = Math.max(1, (tableStart - chunksStart) / 2);
    if (version != 0 || count > maxChunks) {
      throw new LasFormatException("Corrupt LAZ chunk table in " + uri + " at byte " + tableStart + ": version "
          + version + ", " + count + " chunks");
    }
    boolean variable = laz.variableChunks();
    int n = (int) count;
    long[] offsets = new long[n];
    long[] lengths = new long[n];
    long[] points = new long[n];
    if (n > 0) {
      int tableBytes = (int) Math.min(fileLength - tableStart - 8, 16L + 20L * n);
      byte[] coded = new byte[tableBytes];
      blob.readFully(tableStart + 8, coded, 0, tableBytes);
      try {
        ArithmeticDecoder dec = new ArithmeticDecoder();
        dec.init(new ByteStreamInArray(coded, coded.length));
        IntegerCompressor ic = new IntegerCompressor(dec, 32, 2);
        ic.initDecompressor();
        int previousCount = 0;
        int previousBytes = 0;
        for (int i = 0; i < n; i++) {
          if (variable) {
            previousCount = ic.decompress(previousCount, 0);
            points[i] = previousCount & 0xFFFFFFFFL;
          }
          previousBytes = ic.decompress(previousBytes, 1);
          lengths[i] = previousBytes & 0xFFFFFFFFL;
        }
        dec.done();
      } catch (RuntimeException e) {
        throw new LasFormatException("Corrupt LAZ chunk table in " + uri + " at byte " + tableStart
            + ": it ends before its " + n + " entries", e);
      }
    }
    long at = chunksStart;
    long remaining = header.pointCount();
    for (int i = 0; i < n; i++) {
      offsets[i] = at;
      if (lengths[i] <= 0 || at + lengths[i] > tableStart) {
        throw new LasFormatException("Corrupt LAZ chunk table in " + uri + " at byte " + tableStart + ": chunk " + i
            + " of " + n + " would span bytes [" + at + ", " + (at + lengths[i]) + "), past the table's start");
      }
      at += lengths[i];
      if (!variable) {
        points[i] = Math.min(laz.chunkSize(), Math.max(0, remaining));
      }
      remaining -= points[i];
    }
    if (remaining != 0) {
      long sum = header.pointCount() - remaining;
      throw new LasFormatException("Point count mismatch in " + uri + ": the header says " + header.pointCount()
          + " points, the chunk table's " + n + " chunks hold " + sum);
    }
    return new LazChunkTable(offsets, lengths, points);
  }
}
