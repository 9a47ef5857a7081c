package io.dataplug.spark;

import io.dataplug.formats.api.ReadMetric;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.round;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.testing.LasGenerator;
import io.dataplug.formats.testing.ReferenceLas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import scala.collection.JavaConverters;

/** dataplug-las and dataplug-copc through Spark: equivalence, twins, bounding boxes, tiles, schema and counts. */
class LidarSourceTest {
  static final Path TESTDATA = Path.of("../testdata");
  @TempDir static Path temp;
  static SparkSession spark;
  static Path generated;

  @BeforeAll
  static void setUp() throws IOException {
    spark = TestSpark.session();
    generated = temp.resolve("survey.las");
    LasGenerator.write(generated, 6, 200_000, 600, 11);
  }


  static Stream<Path> lasAndLaz() throws IOException {
    return Stream.concat(list("las"), Stream.concat(list("laz"), list("copc")));
  }

  /**
   * The points of a full COPC read that lie in octree nodes of depth at most {@code maxDepth}: every node read on its
   * own through the format interface, kept or dropped by the depth in its key.
   */
  static List<String> pointsOfNodesUpTo(Path copc, int maxDepth) throws IOException {
    io.dataplug.formats.storage.BlobStore store = new io.dataplug.formats.storage.LocalBlobStore();
    io.dataplug.formats.api.DataFormat format = io.dataplug.formats.api.Formats.byShortName("dataplug-copc");
    io.dataplug.formats.api.FormatDataset dataset = format.open(store, io.dataplug.formats.api.ReadOptions.parse(
        format, List.of(copc.toString()), java.util.Map.of("splitSize", "1"), java.util.Map.of()));
    io.dataplug.formats.api.ScanRequest all = io.dataplug.formats.api.ScanRequest.all(
        io.dataplug.formats.testing.FormatReads.allColumns(dataset));
    io.dataplug.formats.api.ScanPlan full = dataset.plan(all);
    List<List<io.dataplug.formats.api.Slice>> kept = new ArrayList<>();
    for (List<io.dataplug.formats.api.Slice> partition : full.partitions()) {
      for (io.dataplug.formats.api.Slice slice : partition) {
        for (io.dataplug.formats.las.PointRun node : ((io.dataplug.formats.las.LidarSlice) slice).runs()) {
          int depth = Integer.parseInt(node.label().replace("node ", "").split("-")[0]);
          if (depth <= maxDepth) {
            kept.add(List.of(new io.dataplug.formats.las.LidarSlice(
                ((io.dataplug.formats.las.LidarSlice) slice).file(), List.of(node), null, null)));
          }
        }
      }
    }
    assertThat(kept).as("nodes up to depth %s", maxDepth).isNotEmpty();
    return io.dataplug.formats.testing.FormatReads.read(store,
        new io.dataplug.formats.api.ScanPlan(kept, full.readers(), List.of(), java.util.Map.of()), -1).rows;
  }

  static Stream<Path> list(String folder) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(TESTDATA.resolve(folder))) {
      s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().forEach(files::add);
    }
    return files.stream();
  }

  static Path copy(Path file) throws IOException {
    Path dir = Files.createTempDirectory(temp, "lidar");
    return Files.copy(file, dir.resolve(file.getFileName()));
  }

  /** The key columns of every row, in the order Spark returns them. */
  static List<String> keys(Dataset<Row> df) {
    return keysOf(keyColumns(df));
  }

  static Dataset<Row> keyColumns(Dataset<Row> df) {
    boolean gps = List.of(df.columns()).contains("GpsTime");
    return df.select(col("X"), col("Y"), col("Z"), col("Intensity"), col("ReturnNumber"),
        gps ? col("GpsTime") : org.apache.spark.sql.functions.lit(null).cast("double").as("GpsTime"));
  }

  /** The rows of a {@link #keyColumns} dataset as key strings. */
  static List<String> keysOf(Dataset<Row> selected) {
    List<String> out = new ArrayList<>();
    for (Row r : selected.collectAsList()) {
      out.add(ReferenceLas.key(r.getDouble(0), r.getDouble(1), r.getDouble(2), (Number) r.get(3), (Number) r.get(4),
          r.isNullAt(5) ? null : r.getDouble(5)));
    }
    return out;
  }

  static List<String> sorted(List<String> rows) {
    List<String> out = new ArrayList<>(rows);
    Collections.sort(out);
    return out;
  }

  @ParameterizedTest
  @MethodSource("lasAndLaz")
  void everyRealFileReadsLikeASequentialReadAtEverySplitSize(Path real) throws IOException {
    Path file = copy(real);
    List<String> expected = ReferenceLas.rows(file.toFile());
    for (String split : List.of("1", "16k", "1g")) {
      Dataset<Row> df = spark.read().format("dataplug-las").option("splitSize", split).load(file.toString());
      assertThat(keys(df)).as("%s at splitSize %s", real.getFileName(), split).containsExactlyElementsOf(expected);
    }
    if (real.toString().endsWith(".copc.laz")) {
      for (String depth : List.of("0", "1", "30")) {
        Dataset<Row> nodes = spark.read().format("dataplug-copc").option("splitSize", "1").option("maxDepth", depth)
            .load(file.toString());
        List<String> read = keys(nodes);
        assertThat(nodes.count()).as("count at maxDepth %s", depth).isEqualTo(read.size());
        if (depth.equals("30")) {
          assertThat(sorted(read)).containsExactlyElementsOf(sorted(expected));
        }
        assertThat(sorted(SparkConformanceTest.render(nodes))).as("maxDepth %s", depth)
            .containsExactlyElementsOf(sorted(pointsOfNodesUpTo(file, Integer.parseInt(depth))));
      }
    }
  }

  @Test
  void rowsInsteadOfColumnarBatchesGiveTheSamePoints() throws IOException {
    Path file = copy(TESTDATA.resolve("laz/autzen_trim.laz"));
    List<String> expected = ReferenceLas.rows(file.toFile());
    Dataset<Row> rows = spark.read().format("dataplug-las").option("enableVectorizedReader", "false")
        .option("batchSize", "777").load(file.toString());
    assertThat(rows.queryExecution().executedPlan().toString()).contains("BatchScan").doesNotContain("ColumnarToRow");
    assertThat(keys(rows)).containsExactlyElementsOf(expected);
    assertThatThrownBy(() -> spark.read().format("dataplug-las").option("enableVectorizedReader", "yes")
        .load(file.toString()).count()).hasMessageContaining("enableVectorizedReader").hasMessageContaining("true or false");
  }

  @Test
  void theSameSurveyAsLasAndAsCopcHoldsTheSamePoints() {
    Dataset<Row> las = normalised(spark.read().format("dataplug-las").load(TESTDATA.resolve("las/1.2-with-color.las").toString()));
    Dataset<Row> copc = normalised(spark.read().format("dataplug-copc").option("splitSize", "1")
        .load(TESTDATA.resolve("copc/1.2-with-color.copc.laz").toString()));
    assertThat(copc.count()).isEqualTo(las.count()).isEqualTo(1065);
    assertThat(las.exceptAll(copc).count()).isZero();
    assertThat(copc.exceptAll(las).count()).isZero();
  }

  /**
   * Point format 3 and 7 share these dimensions; coordinates are compared at the files' 0.01 scale, scan angles in
   * whole degrees (format 7 keeps them in steps of 0.006 degrees: -11 becomes -1833, -10.998).
   */
  private static Dataset<Row> normalised(Dataset<Row> df) {
    return df.select(round(col("X"), 2), round(col("Y"), 2), round(col("Z"), 2), col("Intensity"), col("ReturnNumber"),
        col("NumberOfReturns"), col("Classification"), round(col("ScanAngleRank"), 0), col("UserData"), col("PointSourceId"),
        col("GpsTime"), col("Red"), col("Green"), col("Blue"));
  }

  @Test
  void aBoundingBoxQueryReturnsExactlyTheFilteredPointsAndReadsFewerBytes() throws IOException {
    Path file = copy(generated);
    Dataset<Row> all = spark.read().format("dataplug-las").option("blockPoints", "4000").load(file.toString());
    double x0 = 500_100;
    double x1 = 500_250.5;
    double y0 = 4_000_050;
    double y1 = 4_000_200;
    Column box = col("X").geq(x0).and(col("X").lt(x1)).and(col("Y").gt(y0)).and(col("Y").leq(y1));
    List<String> expected = new ArrayList<>();
    for (String row : keys(all)) {
      String[] f = row.split("\\|");
      double x = Double.parseDouble(f[0]);
      double y = Double.parseDouble(f[1]);
      if (x >= x0 && x < x1 && y > y0 && y <= y1) {
        expected.add(row);
      }
    }
    assertThat(expected).isNotEmpty().hasSizeLessThan(200_000 / 5);
    Dataset<Row> query = keyColumns(all.filter(box));
    assertThat(sorted(keysOf(query))).containsExactlyElementsOf(sorted(expected));
    SparkPlan scan = scanOf(query);
    long bytesRead = FastqSourceTest.metric(scan, ReadMetric.DATA_BYTES.key());
    long planned = FastqSourceTest.metric(scan, ReadMetric.BYTES_PLANNED.key());
    long total = FastqSourceTest.metric(scan, ReadMetric.BYTES_TOTAL.key());
    assertThat(total).isEqualTo(200_000L * 30);
    assertThat(planned).isLessThan(total / 3);
    assertThat(bytesRead).isEqualTo(planned);
    assertThat(FastqSourceTest.metric(scan, ReadMetric.POINTS_DECODED.key())).isLessThan(200_000 / 3);
    System.out.printf("bounding box: %d points of 200000; read %d of %d point bytes (%.1f%%) in %d blocks of %d%n",
        expected.size(), bytesRead, total, 100.0 * bytesRead / total,
        FastqSourceTest.metric(scan, ReadMetric.RUNS_PLANNED.key()), FastqSourceTest.metric(scan, ReadMetric.RUNS_TOTAL.key()));
  }

  @Test
  void aBoundingBoxOnCopcSkipsOctreeNodesAndStaysExact() {
    String file = TESTDATA.resolve("copc/1.2-with-color.copc.laz").toString();
    Dataset<Row> all = spark.read().format("dataplug-copc").load(file);
    Column box = col("X").between(636_000, 637_500).and(col("Y").between(849_000, 851_000));
    List<String> expected = new ArrayList<>();
    for (Row r : all.select("X", "Y", "Z", "GpsTime").collectAsList()) {
      if (r.getDouble(0) >= 636_000 && r.getDouble(0) <= 637_500 && r.getDouble(1) >= 849_000 && r.getDouble(1) <= 851_000) {
        expected.add(r.toString());
      }
    }
    Dataset<Row> query = all.filter(box).select("X", "Y", "Z", "GpsTime");
    List<String> actual = query.collectAsList().stream().map(Row::toString).sorted().toList();
    assertThat(actual).containsExactlyElementsOf(expected.stream().sorted().toList()).isNotEmpty();
    SparkPlan scan = scanOf(query);
    assertThat(FastqSourceTest.metric(scan, ReadMetric.RUNS_PLANNED.key()))
        .isLessThan(FastqSourceTest.metric(scan, ReadMetric.RUNS_TOTAL.key()));
  }

  @Test
  void spatialTilesComeInGroupsThatDecodeEachBlockOnceAndHoldEveryPointExactlyOnce() throws IOException {
    Path dir = Files.createTempDirectory(temp, "tiles");
    LasGenerator.write(dir.resolve("a.las"), 1, 30_000, 300, 5);
    LasGenerator.write(dir.resolve("b.las"), 1, 30_000, 300, 6);
    Dataset<Row> whole = spark.read().format("dataplug-las").load(dir.toString());
    Dataset<Row> tiles = spark.read().format("dataplug-las").option("tileSize", "70").option("blockPoints", "200")
        .option("includeSourceFile", "true").load(dir.toString());
    int partitions = tiles.rdd().getNumPartitions();
    assertThat(partitions).as("at least twice the cores").isGreaterThanOrEqualTo(
        2 * spark.sparkContext().defaultParallelism()).isLessThan(25);
    assertThat(sorted(keys(tiles))).containsExactlyElementsOf(sorted(keys(whole)));
    // tileX, tileY are the point's cell; each partition is one tile group; each cell lies in one group.
    Column cx = org.apache.spark.sql.functions.floor(col("X").divide(70));
    Column cy = org.apache.spark.sql.functions.floor(col("Y").divide(70));
    assertThat(tiles.filter(col("tileX").notEqual(cx).or(col("tileY").notEqual(cy))).count()).isZero();
    List<Row> perPartition = tiles.select(org.apache.spark.sql.functions.spark_partition_id().as("p"), col("tileGroup"),
            col("sourceFile"))
        .groupBy("p").agg(org.apache.spark.sql.functions.countDistinct("tileGroup").as("groups"),
            org.apache.spark.sql.functions.min("tileGroup").as("group"),
            org.apache.spark.sql.functions.countDistinct("sourceFile").as("files"))
        .collectAsList();
    assertThat(perPartition).hasSize(partitions).allSatisfy(r -> assertThat(r.getLong(1)).isOne());
    assertThat(perPartition.stream().map(r -> r.getLong(2)).distinct().count()).isEqualTo(partitions);
    assertThat(perPartition.stream().filter(r -> r.getLong(3) == 2).count()).as("groups mix the files").isPositive();
    assertThat(tiles.groupBy("tileX", "tileY").agg(org.apache.spark.sql.functions.countDistinct("tileGroup").as("g"))
        .filter(col("g").notEqual(1)).count()).isZero();
    long cells = tiles.select("tileX", "tileY").distinct().count();
    assertThat(cells).as("more tiles than groups").isGreaterThan(partitions);
    // What each task decoded is what planning said, and a block is decoded by few groups.
    Dataset<Row> scan = tiles.select("X", "tileGroup");
    assertThat(scan.count()).isEqualTo(60_000);
    scan.collectAsList();
    SparkPlan plan = scanOf(scan);
    long decoded = FastqSourceTest.metric(plan, ReadMetric.POINTS_DECODED.key());
    assertThat(decoded).isEqualTo(FastqSourceTest.metric(plan, ReadMetric.POINTS_PLANNED.key()))
        .isBetween(60_000L, 90_000L);
    assertThat(FastqSourceTest.metric(plan, ReadMetric.POINTS_IN_PLANNED_BLOCKS.key())).isEqualTo(60_000);
    assertThat(FastqSourceTest.metric(plan, ReadMetric.DECODE_AMPLIFICATION.key()))
        .isEqualTo(Math.round(decoded / 60.0));
    assertThat(plan.toString()).containsPattern("tileSize=70.0 \\([0-9,]+ tiles in " + partitions
        + " groups, decode amplification 1\\.[0-9]{3}\\)");
  }

  /**
   * With spark.sql.sources.v2.bucketing.enabled, the scan reports tileGroup as its partitioning: a per-tile
   * aggregation runs in the scan's own stage (no exchange), and gives what the same aggregation with one gives.
   */
  @Test
  void groupingByTileGroupAndTileNeedsNoExchangeWithBucketingEnabled() throws IOException {
    Path dir = Files.createTempDirectory(temp, "tile-groups");
    LasGenerator.write(dir.resolve("a.las"), 1, 20_000, 300, 8);
    java.util.function.Supplier<Dataset<Row>> perTile = () -> spark.read().format("dataplug-las")
        .option("tileSize", "60").option("blockPoints", "2000").load(dir.toString())
        .groupBy("tileGroup", "tileX", "tileY").agg(org.apache.spark.sql.functions.count("*").as("points"),
            org.apache.spark.sql.functions.max("Z").as("top"))
        .orderBy("tileX", "tileY");
    String setting = "spark.sql.sources.v2.bucketing.enabled";
    String before = spark.conf().get(setting);
    try {
      spark.conf().set(setting, "false");
      Dataset<Row> shuffled = perTile.get();
      List<Row> expected = shuffled.collectAsList();
      assertThat(aggregationExchanges(shuffled)).isOne();
      spark.conf().set(setting, "true");
      Dataset<Row> local = perTile.get();
      assertThat(local.collectAsList()).containsExactlyElementsOf(expected);
      assertThat(aggregationExchanges(local)).as(local.queryExecution().executedPlan().toString()).isZero();
      assertThat(expected.stream().mapToLong(r -> r.getLong(3)).sum()).isEqualTo(20_000);
    } finally {
      spark.conf().set(setting, before);
    }
  }

  /** Hash-partitioning exchanges in a plan (the final ordering's range exchange not counted). */
  private static long aggregationExchanges(Dataset<Row> df) {
    return hashExchanges(df.queryExecution().executedPlan());
  }

  private static long hashExchanges(SparkPlan plan) {
    long own = plan instanceof org.apache.spark.sql.execution.exchange.ShuffleExchangeExec e
        && e.outputPartitioning() instanceof org.apache.spark.sql.catalyst.plans.physical.HashPartitioning ? 1 : 0;
    for (SparkPlan child : JavaConverters.seqAsJavaList(plan.children())) {
      own += hashExchanges(child);
    }
    return own;
  }

  @Test
  void countComesFromTheHeadersAndTheSchemaFromTheFiles() throws IOException {
    String file = TESTDATA.resolve("las/extrabytes.las").toString();
    long before = io.dataplug.formats.storage.BlobStore.readsSoFar().bytes();
    long requestsBefore = io.dataplug.formats.storage.BlobStore.readsSoFar().requests();
    Dataset<Row> df = spark.read().format("dataplug-las").load(file);
    df.printSchema();
    assertThat(io.dataplug.formats.storage.BlobStore.readsSoFar().requests() - requestsBefore).isBetween(1L, 2L);
    long headerAndVlrs = java.nio.ByteBuffer.wrap(Files.readAllBytes(Path.of(file)), 96, 4)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    // One ranged read of the first 4 KiB (a second one only when the VLRs run past it): never the points.
    assertThat(io.dataplug.formats.storage.BlobStore.readsSoFar().bytes() - before)
        .as("bytes read for the schema").isPositive().isLessThanOrEqualTo(Math.max(4096, headerAndVlrs));
    Dataset<Row> counted = df.groupBy().count();
    assertThat(counted.queryExecution().executedPlan().toString()).contains("LocalTableScan").doesNotContain("BatchScan");
    assertThat(counted.first().getLong(0)).isEqualTo(1065);
    StructType schema = df.schema();
    assertThat(schema.apply("X").dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(schema.apply("Intensity").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(schema.apply("Classification").dataType()).isEqualTo(DataTypes.ShortType);
    assertThat(schema.apply("Synthetic").dataType()).isEqualTo(DataTypes.BooleanType);
    assertThat(schema.apply("Intensity_extra").dataType()).as("u32 extra bytes").isEqualTo(DataTypes.LongType);
    assertThat(schema.apply("Time").dataType()).as("u64 extra bytes").isEqualTo(DataTypes.createDecimalType(20, 0));
    assertThat(schema.fieldNames()).contains("Colors_0", "Colors_1", "Colors_2", "Flags_0", "Flags_1");
    Row first = df.select("Red", "Colors_0", "ReturnNumber", "Flags_0").first();
    assertThat(first.get(1)).isEqualTo(first.get(0));
    assertThat(((Number) first.get(3)).intValue()).isEqualTo(((Number) first.get(2)).intValue());
  }

  @Test
  void filesOfDifferentPointFormatsReadTogetherWithNullsWhereADimensionIsMissing() {
    Dataset<Row> df = spark.read().format("dataplug-las").option("includeSourceFile", "true")
        .load(TESTDATA.resolve("las/autzen.las").toString(), TESTDATA.resolve("las/test1_4.las").toString());
    assertThat(df.count()).isEqualTo(106 + 1000);
    assertThat(df.schema().apply("Overlap").nullable()).isTrue();
    assertThat(df.filter(col("Overlap").isNull()).count()).isEqualTo(106);
    assertThat(df.select("sourceFile").distinct().count()).isEqualTo(2);
  }

  @Test
  void badOptionsAndWrongFilesSayWhatToDo() {
    String las = TESTDATA.resolve("las/autzen.las").toString();
    assertThatThrownBy(() -> spark.read().format("dataplug-las").option("tileSize", "-5").load(las))
        .hasMessageContaining("Invalid value '-5' for option tileSize");
    assertThatThrownBy(() -> spark.read().format("dataplug-las").option("tilesize2", "5").load(las))
        .hasMessageContaining("Unknown option 'tilesize2'").hasMessageContaining("Did you mean tileSize?");
    assertThatThrownBy(() -> spark.read().format("dataplug-copc").option("tileSize", "5").load(las))
        .hasMessageContaining("Unknown option 'tileSize'").hasMessageContaining("dataplug COPC source");
    assertThatThrownBy(() -> spark.read().format("dataplug-copc").option("maxDepth", "deep").load(las))
        .hasMessageContaining("Invalid value 'deep' for option maxDepth");
    assertThatThrownBy(() -> spark.read().format("dataplug-copc").load(las).collectAsList())
        .satisfies(e -> assertThat(FastqBadInputTest.messages(e)).contains("autzen.las is not a COPC file")
            .contains("read it with format dataplug-las"));
    String missing = temp.resolve("missing.laz").toString();
    assertThatThrownBy(() -> spark.read().format("dataplug-las").load(missing))
        .satisfies(e -> assertThat(FastqBadInputTest.messages(e)).contains(missing));
  }

  static SparkPlan scanOf(Dataset<Row> df) {
    for (SparkPlan leaf : JavaConverters.seqAsJavaList(df.queryExecution().executedPlan().collectLeaves())) {
      if (leaf.nodeName().contains("BatchScan")) {
        return leaf;
      }
    }
    throw new AssertionError("no BatchScan in " + df.queryExecution().executedPlan());
  }
}
