package io.dataplug.formats.las;

import io.dataplug.formats.index.IndexFormatException;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobIdentity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The sidecar index of a LAS or LAZ file: its blocks (LAZ chunks, or fixed-size runs of LAS records) with their
 * byte ranges, CRCs, exact bounds and occupancy on a {@code grid x grid} raster of the header's XY bounds. Layout:
 *
 * <pre>
 *   magic "DPLGLAS\n" | u32 version | UTF kind | u64 length | UTF version token | u32 blockPoints | u32 grid
 *   | 4 doubles grid frame (minX, minY, maxX, maxY) | u32 block count | blocks | u32 CRC32 of everything before
 * </pre>
 */
public final class LidarIndex {
  public static final int VERSION = 1;
  static final byte[] MAGIC = "DPLGLAS\n".getBytes(StandardCharsets.US_ASCII);
  public static final int DEFAULT_GRID = 16;

  private final String kind;
  private final BlobIdentity identity;
  private final int blockPoints;
  private final int grid;
  private final double[] frame;
  private final List<PointBlock> blocks;
  private final long sizeInBytes;

  public LidarIndex(String kind, BlobIdentity identity, int blockPoints, int grid, double[] frame,
      List<PointBlock> blocks, long sizeInBytes) {
    this.kind = kind;
    this.identity = identity;
    this.blockPoints = blockPoints;
    this.grid = grid;
    this.frame = frame.clone();
    this.blocks = List.copyOf(blocks);
    this.sizeInBytes = sizeInBytes;
  }

  /** "las" or "laz". */
  public String kind() {
    return kind;
  }

  public BlobIdentity identity() {
    return identity;
  }

  /** Points per block for LAS; 0 for LAZ, whose blocks are its chunks. */
  public int blockPoints() {
    return blockPoints;
  }

  public int grid() {
    return grid;
  }

  public List<PointBlock> blocks() {
    return blocks;
  }

  public long sizeInBytes() {
    return sizeInBytes;
  }

  public long pointCount() {
    return blocks.stream().mapToLong(PointBlock::pointCount).sum();
  }

  /** The grid cell of a point: cells at the frame's edges also take every point beyond it. */
  int cellOf(double x, double y) {
    return row(y) * grid + column(x);
  }

  private int column(double x) {
    return clampCell((x - frame[0]) / (frame[2] - frame[0]));
  }

  private int row(double y) {
    return clampCell((y - frame[1]) / (frame[3] - frame[1]));
  }

  private int clampCell(double fraction) {
    if (!(fraction > 0)) {
      return 0; // also NaN, from a degenerate frame
    }
    return (int) Math.min(grid - 1, Math.floor(fraction * grid));
  }

  /**
   * The XY rectangles {minX, minY, maxX, maxY} of a block's occupied cells, clipped to its bounds: where its points
   * can be. The edge cells reach to infinity before clipping, so points outside the header's bounds are covered.
   */
  public List<double[]> occupiedRectangles(PointBlock block) {
    List<double[]> out = new ArrayList<>();
    double[] b = block.bounds();
    if (block.pointCount() == 0) {
      return out;
    }
    double w = (frame[2] - frame[0]) / grid;
    double h = (frame[3] - frame[1]) / grid;
    boolean degenerate = !(w > 0) || !(h > 0);
    for (int cell = 0; cell < grid * grid; cell++) {
      if (!block.occupied(cell)) {
        continue;
      }
      if (degenerate) {
        out.add(new double[] {b[0], b[1], b[3], b[4]});
        return out;
      }
      int r = cell / grid;
      int c = cell % grid;
      double x0 = c == 0 ? b[0] : Math.max(b[0], frame[0] + c * w);
      double x1 = c == grid - 1 ? b[3] : Math.min(b[3], frame[0] + (c + 1) * w);
      double y0 = r == 0 ? b[1] : Math.max(b[1], frame[1] + r * h);
      double y1 = r == grid - 1 ? b[4] : Math.min(b[4], frame[1] + (r + 1) * h);
      // A point exactly on a cell line may be counted in the neighbour cell: widen by one ulp-scale margin.
      double mx = Math.ulp(Math.max(Math.abs(x0), Math.abs(x1))) * 4;
      double my = Math.ulp(Math.max(Math.abs(y0), Math.abs(y1))) * 4;
      out.add(new double[] {Math.max(b[0], x0 - mx), Math.max(b[1], y0 - my), Math.min(b[3], x1 + mx), Math.min(b[4], y1 + my)});
    }
    return out;
  }

  public long writeTo(OutputStream out) throws IOException {
    byte[] bytes = serialize();
    out.write(bytes);
    return bytes.length;
  }

  byte[] serialize() throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(buffer);
    data.write(MAGIC);
    data.writeInt(VERSION);
    data.writeUTF(kind);
    data.writeLong(identity.length());
    data.writeUTF(identity.version());
    data.writeInt(blockPoints);
    data.writeInt(grid);
    for (double v : frame) {
      data.writeDouble(v);
    }
    data.writeInt(blocks.size());
    for (PointBlock block : blocks) {
      data.writeLong(block.firstPoint());
      data.writeInt(block.pointCount());
      data.writeLong(block.offset());
      data.writeLong(block.length());
      data.writeInt(block.crc());
      for (double v : block.bounds()) {
        data.writeDouble(v);
      }
      data.write(block.occupancy());
    }
    data.flush();
    CRC32 crc = new CRC32();
    crc.update(buffer.toByteArray());
    data.writeInt((int) crc.getValue());
    data.flush();
    return buffer.toByteArray();
  }

  public static LidarIndex read(Blob indexBlob) throws IOException {
    long length = indexBlob.length();
    if (length > (256L << 20) || length < MAGIC.length + 8) {
      throw new IndexFormatException("Corrupt index " + indexBlob.uri() + ": " + length + " bytes");
    }
    byte[] bytes = new byte[(int) length];
    indexBlob.readFully(0, bytes, 0, bytes.length);
    if (!Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
      throw new IndexFormatException("Not a dataplug LiDAR index: " + indexBlob.uri());
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    int stored = ((bytes[bytes.length - 4] & 0xFF) << 24) | ((bytes[bytes.length - 3] & 0xFF) << 16)
        | ((bytes[bytes.length - 2] & 0xFF) << 8) | (bytes[bytes.length - 1] & 0xFF);
    if ((int) crc.getValue() != stored) {
      throw new IndexFormatException("Corrupt index " + indexBlob.uri() + ": CRC32 mismatch (rebuild it with"
          + " index=rebuild, or delete it)");
    }
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, MAGIC.length, bytes.length - 4));
      int version = in.readInt();
      if (version != VERSION) {
        throw new IndexFormatException("Index " + indexBlob.uri() + " has version " + version + ", this reader knows "
            + VERSION + ": rebuild it with index=rebuild");
      }
      String kind = in.readUTF();
      BlobIdentity identity = new BlobIdentity(in.readLong(), in.readUTF());
      int blockPoints = in.readInt();
      int grid = in.readInt();
      if (grid < 1 || grid > 256) {
        throw new IndexFormatException("Corrupt index " + indexBlob.uri() + ": grid " + grid);
      }
      double[] frame = new double[4];
      for (int i = 0; i < 4; i++) {
        frame[i] = in.readDouble();
      }
      int n = in.readInt();
      int occupancyBytes = (grid * grid + 7) / 8;
      List<PointBlock> blocks = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long first = in.readLong();
        int count = in.readInt();
        long offset = in.readLong();
        long len = in.readLong();
        int blockCrc = in.readInt();
        double[] bounds = new double[6];
        for (int k = 0; k < 6; k++) {
          bounds[k] = in.readDouble();
        }
        byte[] occupancy = new byte[occupancyBytes];
        in.readFully(occupancy);
        blocks.add(new PointBlock(first, count, offset, len, blockCrc, bounds, occupancy));
      }
      return new LidarIndex(kind, identity, blockPoints, grid, frame, blocks, length);
    } catch (java.io.EOFException e) {
      throw new IndexFormatException("Corrupt index " + indexBlob.uri() + ": it ends early");
    }
  }
}
