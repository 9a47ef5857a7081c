package io.dataplug.formats.las;

import io.dataplug.formats.storage.Blob;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Walks a COPC octree hierarchy (COPC 1.0, "Hierarchy"): pages of 32-byte entries (key depth, x, y, z as int32;
 * offset u64; byte size int32; point count int32), where a point count of -1 points to a child page. Pages are read
 * lazily: a page whose subtree's cube misses the filter, or starts below the deepest level wanted, is never read.
 */
public final class CopcHierarchy {
  private static final int ENTRY_BYTES = 32;

  /** One octree node: a LAZ chunk of {@code pointCount} points. */
  public record Node(int depth, int x, int y, int z, long offset, int byteSize, int pointCount, double[] bounds) {
    public String key() {
      return depth + "-" + x + "-" + y + "-" + z;
    }
  }

  /**
   * The selected nodes, how many hierarchy pages were read to find them, and the nodes (with points) and their
   * bytes listed on those pages, selected or not.
   */
  public record Selection(List<Node> nodes, int pagesRead, long pageBytesRead, long nodesSeen, long bytesSeen) {}

  private CopcHierarchy() {}

  /**
   * The nodes with points, at depth at most {@code maxDepth} (negative: all), whose cube may hold points passing
   * the filter (null: all), in file order.
   */
  public static Selection select(Blob blob, LasFileInfo info, PointFilter filter, int maxDepth) throws IOException {
    CopcInfo copc = info.copc();
    List<Node> nodes = new ArrayList<>();
    Deque<long[]> pages = new ArrayDeque<>();
    pages.add(new long[] {copc.rootHierarchyOffset(), copc.rootHierarchySize()});
    int pagesRead = 0;
    long pageBytes = 0;
    long nodesSeen = 0;
    long bytesSeen = 0;
    while (!pages.isEmpty()) {
      long[] page = pages.poll();
      if (page[1] % ENTRY_BYTES != 0 || page[0] < 0 || page[0] + page[1] > blob.length() || page[1] > (64L << 20)) {
        throw new LasFormatException("Corrupt COPC hierarchy page in " + blob.uri() + ": bytes [" + page[0] + ", "
            + (page[0] + page[1]) + ") (file of " + blob.length() + " bytes, entries of 32 bytes)");
      }
      byte[] bytes = new byte[(int) page[1]];
      blob.readFully(page[0], bytes, 0, bytes.length);
      pagesRead++;
      pageBytes += bytes.length;
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      for (int at = 0; at < bytes.length; at += ENTRY_BYTES) {
        int d = b.getInt(at);
        int x = b.getInt(at + 4);
        int y = b.getInt(at + 8);
        int z = b.getInt(at + 12);
        long offset = b.getLong(at + 16);
        int byteSize = b.getInt(at + 24);
        int count = b.getInt(at + 28);
        if (d < 0 || d > 30) {
          throw new LasFormatException("Corrupt COPC hierarchy entry at byte " + (page[0] + at) + " of " + blob.uri()
              + ": depth " + d);
        }
        if (count > 0) {
          nodesSeen++;
          bytesSeen += byteSize;
        }
        if (maxDepth >= 0 && d > maxDepth) {
          continue;
        }
        double[] bounds = copc.nodeBounds(d, x, y, z);
        if (filter != null && !filter.mayIntersect(widen(bounds))) {
          continue;
        }
        if (count == -1) {
          pages.add(new long[] {offset, byteSize});
        } else if (count > 0) {
          if (offset < info.header().offsetToPointData() || byteSize <= 0 || offset + byteSize > blob.length()) {
            throw new LasFormatException("Corrupt COPC hierarchy entry for node " + d + "-" + x + "-" + y + "-" + z
                + " at byte " + (page[0] + at) + " of " + blob.uri() + ": bytes [" + offset + ", "
                + (offset + byteSize) + ") are outside the point data");
          }
          nodes.add(new Node(d, x, y, z, offset, byteSize, count, bounds));
        } else if (count < -1) {
          throw new LasFormatException("Corrupt COPC hierarchy entry at byte " + (page[0] + at) + " of " + blob.uri()
              + ": point count " + count);
        }
      }
    }
    nodes.sort((a, c) -> Long.compare(a.offset(), c.offset()));
    return new Selection(nodes, pagesRead, pageBytes, nodesSeen, bytesSeen);
  }

  /** A node's cube, widened by a few ulps: points on its faces, rounded through scale and offset, stay inside. */
  private static double[] widen(double[] b) {
    double[] out = b.clone();
    for (int axis = 0; axis < 3; axis++) {
      double margin = Math.ulp(Math.max(Math.abs(b[axis]), Math.abs(b[axis + 3]))) * 16;
      out[axis] -= margin;
      out[axis + 3] += margin;
    }
    return out;
  }
}
