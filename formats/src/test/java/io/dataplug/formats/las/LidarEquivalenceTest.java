package io.dataplug.formats.las;

import io.dataplug.formats.plan.DataFiles;
import io.dataplug.formats.plan.PartitionPacker;
import io.dataplug.formats.index.IndexMode;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.LasGenerator;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The core promise for LiDAR: every way of splitting a file - point ranges, chunk runs, octree nodes, spatial tiles,
 * tiny to whole-file - reads exactly the points of a sequential read by laszip4j, none lost, none duplicated.
 */
class LidarEquivalenceTest {
  static final Path TESTDATA = Path.of(System.getProperty("dataplug.testdata", "../testdata"));
  private final LocalBlobStore store = new LocalBlobStore();

  @TempDir
  Path dir;

  static Stream<Path> realFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String folder : List.of("las", "laz", "copc")) {
      try (Stream<Path> s = Files.list(TESTDATA.resolve(folder))) {
        s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().forEach(files::add);
      }
    }
    return files.stream();
  }

  private Path copy(Path file) throws IOException {
    Path target = dir.resolve(file.getFileName());
    Files.copy(file, target);
    return target;
  }

  @ParameterizedTest
  @MethodSource("realFiles")
  void everySplitOfARealFileEqualsTheSequentialRead(Path real) throws IOException {
    Path file = copy(real);
    List<String> expected = LidarReading.reference(file.toFile());
    String uri = file.toString();
    // Without an index (no filter, no tiles): LAS point ranges and LAZ chunk runs straight from the chunk table.
    for (long split : new long[] {1, 700, 20_000, 1L << 30}) {
      LidarDatasetPlanner.Plan plan = new LidarDatasetPlanner(store,
          LidarReading.options(uri, split, 0, false, -1, 50_000)).plan(null);
      assertThat(LidarReading.readAll(store, plan)).as("split %d", split).containsExactlyElementsOf(expected);
    }
    // With an index (built for pruning), a filter that keeps everything, and spatial tiles of several sizes.
    for (int blockPoints : new int[] {64, 50_000}) {
      Files.deleteIfExists(dir.resolve("." + file.getFileName() + ".dpidx"));
      LidarDatasetPlanner.Plan all = new LidarDatasetPlanner(store,
          LidarReading.options(uri, 5_000, 0, false, -1, blockPoints)).plan(new PointFilter());
      assertThat(LidarReading.readAll(store, all)).containsExactlyElementsOf(expected);
      for (double tile : tileSizes(file)) {
        LidarDatasetPlanner.Plan tiles = new LidarDatasetPlanner(store,
            LidarReading.options(uri, 5_000, tile, false, -1, blockPoints)).plan(null);
        assertThat(sorted(LidarReading.readAll(store, tiles))).as("tiles of %s", tile)
            .containsExactlyElementsOf(sorted(expected));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("copcFiles")
  void copcNodesAtEveryDepthEqualTheSequentialRead(Path real) throws IOException {
    Path file = copy(real);
    List<String> expected = LidarReading.reference(file.toFile());
    for (long split : new long[] {1, 2_000, 1L << 30}) {
      LidarDatasetPlanner.Plan plan = new LidarDatasetPlanner(store,
          LidarReading.options(file.toString(), split, 0, true, -1, 50_000)).plan(null);
      assertThat(sorted(LidarReading.readAll(store, plan))).containsExactlyElementsOf(sorted(expected));
    }
  }

  static Stream<Path> copcFiles() throws IOException {
    return realFiles().filter(p -> p.toString().endsWith(".copc.laz"));
  }

  @ParameterizedTest
  @MethodSource("generatedFormats")
  void generatedLasOfManyBlocksSplitsAndTilesExactly(int format) throws IOException {
    Path file = dir.resolve("generated-" + format + ".las");
    LasGenerator.write(file, format, 60_000, 400, 42 + format);
    List<String> expected = LidarReading.reference(file.toFile());
    assertThat(expected).hasSize(60_000);
    for (long split : new long[] {1 << 12, 1 << 16, 1 << 20, 1L << 30}) {
      LidarDatasetPlanner.Plan plan = new LidarDatasetPlanner(store,
          LidarReading.options(file.toString(), split, 0, false, -1, 5_000)).plan(null);
      assertThat(LidarReading.readAll(store, plan)).containsExactlyElementsOf(expected);
    }
    for (double tile : new double[] {17, 100, 250}) {
      LidarDatasetPlanner.Plan tiles = new LidarDatasetPlanner(store,
          LidarReading.options(file.toString(), 1 << 20, tile, false, -1, 5_000)).plan(null);
      assertThat(tiles.partitions().size()).isGreaterThan(1);
      assertThat(sorted(LidarReading.readAll(store, tiles))).containsExactlyElementsOf(sorted(expected));
    }
  }

  /**
   * Tiles in groups over two overlapping files: each partition is one group (one tile group in all its slices), no
   * tile lies in two groups, the reads hold every point once, and the plan counts the points each group decodes.
   */
  @Test
  void tileGroupsPartitionTheTilesAndCountWhatTheyDecode() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("tile-groups"));
    LasGenerator.write(folder.resolve("a.las"), 3, 40_000, 300, 11);
    LasGenerator.write(folder.resolve("b.las"), 3, 40_000, 300, 12);
    List<String> expected = new ArrayList<>(LidarReading.reference(folder.resolve("a.las").toFile()));
    expected.addAll(LidarReading.reference(folder.resolve("b.las").toFile()));
    for (int minGroups : new int[] {0, 4, 16}) {
      LidarDatasetPlanner.Options options = new LidarDatasetPlanner.Options(
          DataFiles.exactly(List.of(folder.toString())), new PartitionPacker(128L << 20, 0, 0), IndexMode.AUTO, null,
          1_000, true, 40, minGroups, false, -1, false);
      LidarDatasetPlanner.Plan plan = new LidarDatasetPlanner(store, options).plan(null);
      LidarDatasetPlanner.Tiling tiling = plan.tiling();
      assertThat(plan.partitions()).hasSize(tiling.groups());
      assertThat(tiling.groups()).as("min %d", minGroups).isGreaterThanOrEqualTo(Math.max(1, minGroups))
          .isLessThan(tiling.tiles());
      java.util.Set<String> seen = new java.util.HashSet<>();
      long decoded = 0;
      for (int g = 0; g < plan.partitions().size(); g++) {
        List<LidarSlice> slices = plan.partitions().get(g);
        TileGroup group = slices.get(0).tiles();
        assertThat(group.group()).isEqualTo(g);
        assertThat(slices).allSatisfy(slice -> assertThat(slice.tiles()).isSameAs(group));
        for (long row = -1; row <= 300 / 40 + 1; row++) {
          for (long column = -1; column <= 300 / 40 + 1; column++) {
            long x = (long) Math.floor(500_000 / 40.0) + column;
            long y = (long) Math.floor(4_000_000 / 40.0) + row;
            if (group.contains(x, y)) {
              assertThat(seen.add(x + "," + y)).as("tile (%d, %d) in two groups", x, y).isTrue();
            }
          }
        }
        decoded += slices.stream().mapToLong(LidarSlice::points).sum();
      }
      assertThat(seen).hasSize(tiling.tiles());
      assertThat(decoded).isEqualTo(tiling.pointsToDecode());
      assertThat(tiling.pointsInBlocks()).isEqualTo(80_000);
      // More groups cut more blocks: these blocks (half a scan line) are large against the tiles, and one partition
      // per tile would decode each point about four times.
      assertThat(tiling.amplification()).as("min %d", minGroups)
          .isBetween(1.0, minGroups == 0 ? 1.0 : minGroups == 4 ? 1.8 : 2.5);
      assertThat(sorted(LidarReading.readAll(store, plan))).containsExactlyElementsOf(sorted(expected));
    }
  }

  @Test
  void smallFilesShareAPartitionUntilTheirOpenCostsFillIt() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("many"));
    List<String> expected = new ArrayList<>();
    for (String name : List.of("autzen.las", "point-color.las", "simple.laz", "1.2-with-color.las")) {
      Path real = TESTDATA.resolve(name.endsWith(".laz") ? "laz" : "las").resolve(name);
      Files.copy(real, folder.resolve(name));
    }
    try (Stream<Path> files = Files.list(folder)) {
      files.sorted().forEach(f -> expected.addAll(LidarReading.reference(f.toFile())));
    }
    long splitSize = 128L << 20;
    for (long openCost : new long[] {0, 4L << 20, splitSize}) {
      LidarDatasetPlanner.Options options = new LidarDatasetPlanner.Options(
          DataFiles.exactly(List.of(folder.toString())), new PartitionPacker(splitSize, openCost, 0), IndexMode.AUTO, null, 50_000, false, 0, 0, false, -1, false);
      LidarDatasetPlanner.Plan plan = new LidarDatasetPlanner(store, options).plan(null);
      // With an open cost of a whole split, a partition takes its first file and one more.
      assertThat(plan.partitions()).as("open cost %d", openCost).hasSize(openCost == splitSize ? 2 : 1);
      assertThat(sorted(LidarReading.readAll(store, plan))).as("open cost %d", openCost)
          .containsExactlyElementsOf(sorted(expected));
    }
  }

  /** Tiles of about a third and an eighth of the file's width, and one tile larger than the file. */
  private List<Double> tileSizes(Path file) throws IOException {
    LasHeader h;
    try (var blob = store.open(file.toString())) {
      h = LasFileInfo.read(blob).header();
    }
    double width = Math.max(h.max()[0] - h.min()[0], h.max()[1] - h.min()[1]);
    return List.of(width / 3, width / 8.1, width * 10 + 1e6);
  }

  static Stream<Integer> generatedFormats() {
    return Stream.of(1, 3, 6, 7);
  }

  static List<String> sorted(List<String> rows) {
    List<String> out = new ArrayList<>(rows);
    Collections.sort(out);
    return out;
  }

  static File fileOf(Path p) {
    return p.toFile();
  }
}
