package io.dataplug.formats.las;

import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.ReadAhead;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Builds a file's {@link LidarIndex} in one sequential pass: LAS in blocks of {@code blockPoints} records, LAZ chunk
 * by chunk from its chunk table (each chunk decoded once, to learn its bounds and occupancy).
 */
public final class LidarIndexBuilder {
  public static final int DEFAULT_BLOCK_POINTS = 50_000;
  private static final int READ_BYTES = 8 << 20;

  private final int blockPoints;
  private final int grid;

  public LidarIndexBuilder(int blockPoints, int grid) {
    this.blockPoints = blockPoints;
    this.grid = grid;
  }

  public LidarIndex build(Blob blob, LasFileInfo info) throws IOException {
    LasHeader header = info.header();
    double[] frame = {header.min()[0], header.min()[1], header.max()[0], header.max()[1]};
    LidarIndex shape = new LidarIndex(info.compressed() ? "laz" : "las", blob.identity(), 0, grid, frame, List.of(), 0);
    List<PointBlock> blocks = info.compressed() ? lazBlocks(blob, info, shape) : lasBlocks(blob, info, shape);
    LidarIndex built = new LidarIndex(shape.kind(), blob.identity(), info.compressed() ? 0 : blockPoints, grid, frame,
        blocks, 0);
    long size = built.serialize().length;
    return new LidarIndex(built.kind(), built.identity(), built.blockPoints(), grid, frame, blocks, size);
  }

  private List<PointBlock> lasBlocks(Blob blob, LasFileInfo info, LidarIndex shape) throws IOException {
    LasHeader header = info.header();
    int recordLength = header.pointRecordLength();
    long total = header.pointCount();
    List<PointBlock> blocks = new ArrayList<>();
    int perRead = Math.max(1, READ_BYTES / recordLength);
    byte[] buffer = new byte[Math.min(perRead, (int) Math.max(1, Math.min(total, perRead))) * recordLength];
    ByteBuffer view = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
    BlockAccumulator block = null;
    long point = 0;
    while (point < total) {
      int n = (int) Math.min(perRead, total - point);
      long offset = header.offsetToPointData() + point * recordLength;
      blob.readFully(offset, buffer, 0, n * recordLength);
      for (int i = 0; i < n; i++) {
        long p = point + i;
        if (block == null || block.count == blockPoints) {
          if (block != null) {
            blocks.add(block.finish());
          }
          block = new BlockAccumulator(shape, p, header.offsetToPointData() + p * recordLength);
        }
        block.add(header, view, i * recordLength);
        block.crc.update(buffer, i * recordLength, recordLength);
        block.length += recordLength;
      }
      point += n;
    }
    if (block != null) {
      blocks.add(block.finish());
    }
    return blocks;
  }

  private List<PointBlock> lazBlocks(Blob blob, LasFileInfo info, LidarIndex shape) throws IOException {
    LasHeader header = info.header();
    int recordLength = header.pointRecordLength();
    LazChunkDecoder decoder = new LazChunkDecoder(blob.uri(), info.laz(), recordLength, LazDecoder.AUTO);
    List<PointBlock> blocks = new ArrayList<>();
    if (!info.laz().chunked()) {
      // Point-wise compression has no chunks: one block, the whole point data.
      long start = header.offsetToPointData();
      long end = pointDataEnd(blob, header);
      byte[] bytes = readAll(blob, start, end - start);
      int count = Math.toIntExact(header.pointCount());
      byte[] records = new byte[count * recordLength];
      ByteBuffer view = ByteBuffer.wrap(records).order(ByteOrder.LITTLE_ENDIAN);
      decoder.decode(bytes, 0, bytes.length, count, records, "the point data");
      BlockAccumulator block = new BlockAccumulator(shape, 0, start);
      for (int i = 0; i < count; i++) {
        block.add(header, view, i * recordLength);
      }
      block.crc.update(bytes);
      block.length = bytes.length;
      blocks.add(block.finish());
      return blocks;
    }
    LazChunkTable table = LazChunkTable.read(blob, info);
    long first = 0;
    byte[] records = new byte[0];
    ByteBuffer view = ByteBuffer.wrap(records).order(ByteOrder.LITTLE_ENDIAN);
    try (ReadAhead reads = new ReadAhead(blob, table.offsets(), table.byteLengths(), 0, READ_BYTES,
        LasFormatException::new)) {
      for (int c = 0; c < table.size(); c++) {
        int count = Math.toIntExact(table.pointCounts()[c]);
        int length = Math.toIntExact(table.byteLengths()[c]);
        String where = "chunk " + c + " (bytes " + table.offsets()[c] + "+" + length + ")";
        byte[] bytes = reads.fetch(c, where);
        int at = reads.offsetIn(table.offsets()[c]);
        if (records.length < count * recordLength) {
          records = new byte[count * recordLength];
          view = ByteBuffer.wrap(records).order(ByteOrder.LITTLE_ENDIAN);
        }
        decoder.decode(bytes, at, length, count, records, where);
        BlockAccumulator block = new BlockAccumulator(shape, first, table.offsets()[c]);
        for (int i = 0; i < count; i++) {
          block.add(header, view, i * recordLength);
        }
        block.crc.update(bytes, at, length);
        block.length = length;
        blocks.add(block.finish());
        first += count;
      }
    }
    return blocks;
  }

  /** Where a point-wise LAZ file's point data ends: at its first EVLR, or the end of the file. */
  static long pointDataEnd(Blob blob, LasHeader header) {
    long end = blob.length();
    if (header.numberOfEvlrs() > 0 && header.startOfFirstEvlr() > header.offsetToPointData()
        && header.startOfFirstEvlr() < end) {
      end = header.startOfFirstEvlr();
    }
    return end;
  }

  static byte[] readAll(Blob blob, long offset, long length) throws IOException {
    if (length > Integer.MAX_VALUE - 16) {
      throw new LasFormatException("A LAZ chunk of " + length + " bytes in " + blob.uri() + " is too large");
    }
    if (offset + length > blob.length()) {
      throw new LasFormatException("Truncated LAZ file " + blob.uri() + ": bytes [" + offset + ", " + (offset + length)
          + ") are past its end (" + blob.length() + " bytes)");
    }
    byte[] bytes = new byte[(int) length];
    blob.readFully(offset, bytes, 0, bytes.length);
    return bytes;
  }

  /** Bounds, occupancy and CRC of the block being built. */
  private static final class BlockAccumulator {
    final LidarIndex shape;
    final long firstPoint;
    final long offset;
    final CRC32 crc = new CRC32();
    final double[] bounds = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    final byte[] occupancy;
    int count;
    long length;

    BlockAccumulator(LidarIndex shape, long firstPoint, long offset) {
      this.shape = shape;
      this.firstPoint = firstPoint;
      this.offset = offset;
      this.occupancy = new byte[(shape.grid() * shape.grid() + 7) / 8];
    }

    void add(LasHeader header, ByteBuffer records, int at) {
      double x = header.coordinate(0, records.getInt(at));
      double y = header.coordinate(1, records.getInt(at + 4));
      double z = header.coordinate(2, records.getInt(at + 8));
      bounds[0] = Math.min(bounds[0], x);
      bounds[1] = Math.min(bounds[1], y);
      bounds[2] = Math.min(bounds[2], z);
      bounds[3] = Math.max(bounds[3], x);
      bounds[4] = Math.max(bounds[4], y);
      bounds[5] = Math.max(bounds[5], z);
      int cell = shape.cellOf(x, y);
      occupancy[cell >>> 3] |= (byte) (1 << (cell & 7));
      count++;
    }

    PointBlock finish() {
      return new PointBlock(firstPoint, count, offset, length, (int) crc.getValue(), bounds, occupancy);
    }
  }
}
