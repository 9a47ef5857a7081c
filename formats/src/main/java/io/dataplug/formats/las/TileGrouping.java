package io.dataplug.formats.las;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Groups the tiles of a tiled read so that a block (a LAZ chunk or a LAS block) touched by several tiles is decoded
 * by as few tasks as possible: a group grows from a seed tile by the tile that adds the fewest bytes of blocks not
 * yet in the group (tiles whose blocks the group already reads come free, and always join), until the next tile would
 * take the group past the target. A group whose tiles' blocks are all read runs on into the next unassigned tile, so small
 * disconnected parts share a group. A single tile larger than the target is a group of its own.
 */
final class TileGrouping {
  /** Which group each tile went to (groups numbered from 0 in the order they were made), and how many groups. */
  record Result(int[] groupOfTile, int groups) {}

  private record Candidate(long addedBytes, int tile) {}

  private static final Comparator<Candidate> CHEAPEST_FIRST =
      Comparator.comparingLong(Candidate::addedBytes).thenComparingInt(Candidate::tile);

  private TileGrouping() {}

  /**
   * @param tiles the tile count; tiles are seeded in index order (row-major, so groups stay compact)
   * @param blockBytes each block's bytes
   * @param blockTiles for each block, the tiles it touches
   * @param target the most bytes of distinct blocks a group should read
   */
  static Result group(int tiles, long[] blockBytes, int[][] blockTiles, long target) {
    int[][] tileBlocks = invert(tiles, blockTiles);
    int[] groupOf = new int[tiles];
    Arrays.fill(groupOf, -1);
    int[] blockInGroup = new int[blockBytes.length];
    Arrays.fill(blockInGroup, -1);
    PriorityQueue<Candidate> frontier = new PriorityQueue<>(CHEAPEST_FIRST);
    int assigned = 0;
    int nextSeed = 0;
    int group = -1;
    while (assigned < tiles) {
      group++;
      frontier.clear();
      long bytes = 0;
      while (true) {
        if (frontier.isEmpty()) {
          while (nextSeed < tiles && groupOf[nextSeed] >= 0) {
            nextSeed++;
          }
          if (nextSeed == tiles) {
            break;
          }
          frontier.add(new Candidate(addedBytes(nextSeed, tileBlocks, blockBytes, blockInGroup, group), nextSeed));
        }
        Candidate next = frontier.poll();
        if (groupOf[next.tile()] >= 0
            || addedBytes(next.tile(), tileBlocks, blockBytes, blockInGroup, group) < next.addedBytes()) {
          continue; // taken, or queued again since with a lower cost
        }
        if (bytes > 0 && next.addedBytes() > 0 && bytes + next.addedBytes() > target) {
          break;
        }
        groupOf[next.tile()] = group;
        assigned++;
        for (int block : tileBlocks[next.tile()]) {
          if (blockInGroup[block] == group) {
            continue;
          }
          blockInGroup[block] = group;
          bytes += blockBytes[block];
          for (int tile : blockTiles[block]) {
            if (groupOf[tile] < 0) {
              frontier.add(new Candidate(addedBytes(tile, tileBlocks, blockBytes, blockInGroup, group), tile));
            }
          }
        }
      }
    }
    return new Result(groupOf, group + 1);
  }

  private static long addedBytes(int tile, int[][] tileBlocks, long[] blockBytes, int[] blockInGroup, int group) {
    long added = 0;
    for (int block : tileBlocks[tile]) {
      if (blockInGroup[block] != group) {
        added += blockBytes[block];
      }
    }
    return added;
  }

  private static int[][] invert(int tiles, int[][] blockTiles) {
    List<List<Integer>> byTile = new ArrayList<>(tiles);
    for (int t = 0; t < tiles; t++) {
      byTile.add(new ArrayList<>(2));
    }
    for (int b = 0; b < blockTiles.length; b++) {
      for (int t : blockTiles[b]) {
        byTile.get(t).add(b);
      }
    }
    int[][] out = new int[tiles][];
    for (int t = 0; t < tiles; t++) {
      out[t] = byTile.get(t).stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }
}
