package io.dataplug.formats.las;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TileGroupingTest {
  /** Bytes of distinct blocks each group reads. */
  private static long[] groupBytes(TileGrouping.Result r, long[] blockBytes, int[][] blockTiles) {
    long[] out = new long[r.groups()];
    for (int b = 0; b < blockTiles.length; b++) {
      boolean[] seen = new boolean[r.groups()];
      for (int t : blockTiles[b]) {
        seen[r.groupOfTile()[t]] = true;
      }
      for (int g = 0; g < r.groups(); g++) {
        out[g] += seen[g] ? blockBytes[b] : 0;
      }
    }
    return out;
  }

  @Test
  void disconnectedTilesShareAGroupUpToTheTargetAndNoBlockIsReadTwice() {
    // Tiles 0-2 share blocks 0 and 1; tiles 3-5 share blocks 2 and 3.
    long[] bytes = {10, 10, 10, 10};
    int[][] blockTiles = {{0, 1}, {1, 2}, {3, 4}, {4, 5}};
    TileGrouping.Result together = TileGrouping.group(6, bytes, blockTiles, 100);
    assertThat(together.groups()).isOne();
    TileGrouping.Result apart = TileGrouping.group(6, bytes, blockTiles, 20);
    assertThat(apart.groups()).isEqualTo(2);
    assertThat(apart.groupOfTile()).containsExactly(0, 0, 0, 1, 1, 1);
    assertThat(groupBytes(apart, bytes, blockTiles)).containsExactly(20, 20);
  }

  @Test
  void tilesWhoseBlocksTheGroupAlreadyReadsJoinItPastTheTarget() {
    // One block under every tile: splitting would decode it once per group.
    TileGrouping.Result r = TileGrouping.group(9, new long[] {1000}, new int[][] {{0, 1, 2, 3, 4, 5, 6, 7, 8}}, 10);
    assertThat(r.groups()).isOne();
  }

  @Test
  void aChainOfBlocksIsCutIntoRunsUnderTheTargetAndEveryTileIsInOneGroup() {
    // Block i lies under tiles i and i + 1, as LAS blocks along a scan line do.
    int tiles = 40;
    long[] bytes = new long[tiles - 1];
    int[][] blockTiles = new int[tiles - 1][];
    for (int b = 0; b < bytes.length; b++) {
      bytes[b] = 7;
      blockTiles[b] = new int[] {b, b + 1};
    }
    TileGrouping.Result r = TileGrouping.group(tiles, bytes, blockTiles, 50);
    assertThat(Arrays.stream(r.groupOfTile()).boxed()).allSatisfy(g -> assertThat(g).isBetween(0, r.groups() - 1));
    for (int t = 1; t < tiles; t++) {
      assertThat(r.groupOfTile()[t]).as("groups are runs of tiles").isBetween(r.groupOfTile()[t - 1],
          r.groupOfTile()[t - 1] + 1);
    }
    long[] perGroup = groupBytes(r, bytes, blockTiles);
    assertThat(Arrays.stream(perGroup).max().orElseThrow()).isLessThanOrEqualTo(50);
    // Only the one block across each cut is read twice.
    assertThat(Arrays.stream(perGroup).sum()).isEqualTo(7L * (bytes.length + r.groups() - 1));
    assertThat(r.groups()).isBetween(5, 7);
  }

  @Test
  void aTileLargerThanTheTargetIsAGroupOfItsOwn() {
    long[] bytes = {500, 5, 5};
    int[][] blockTiles = {{0}, {1}, {2}};
    TileGrouping.Result r = TileGrouping.group(3, bytes, blockTiles, 100);
    assertThat(r.groupOfTile()).containsExactly(0, 1, 1);
  }
}
