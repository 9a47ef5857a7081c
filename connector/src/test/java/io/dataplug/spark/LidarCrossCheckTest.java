package io.dataplug.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every real LAS/LAZ/COPC file read through Spark agrees with laspy (lazrs backend), an independent implementation
 * run in the project's own virtualenv: point count and the sum of every dimension laspy knows.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class LidarCrossCheckTest {
  static final Path HOME = ExternalTools.HOME;
  /** Bytes that laspy exposes as a dimension but that no extra-bytes descriptor documents (type 0): no column. */
  static final List<String> UNDOCUMENTED = List.of("Reserved", "ExtraBytes");
  /**
   * Files lazrs cannot read: point-wise compression (LASzip compressor 1, no chunks) is not implemented there. The
   * equivalence tests check it against laszip4j's sequential reader instead.
   */
  static final List<String> LASPY_CANNOT_READ = List.of("simple-laszip-compressor-version-1.2r0.laz");
  static SparkSession spark;
  static JsonNode laspy;
  static List<Path> files = new ArrayList<>();

  @BeforeAll
  static void runLaspy() throws Exception {
    spark = TestSpark.session();
    for (String folder : List.of("las", "laz", "copc")) {
      try (var s = Files.list(HOME.resolve("testdata").resolve(folder))) {
        s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().forEach(files::add);
      }
    }
    ExternalTools.setUpVenv();
    List<String> command = new ArrayList<>(List.of(HOME.resolve("notebooks/.venv/bin/python").toString(),
        HOME.resolve("connector/src/test/python/las_stats.py").toString()));
    files.forEach(f -> command.add(f.toString()));
    laspy = new ObjectMapper().readTree(ExternalTools.run(command, 300));
  }

  /**
   * A LAZ written by an independent writer (laspy + lazrs, 50,000-point chunks) from a generated LAS: read by chunk
   * runs of several sizes, by tiles and by a box, it holds exactly the LAS file's points, each at its own index.
   */
  @Test
  void lazWrittenByLaspyHoldsItsLasSourcePointForPoint() throws Exception {
    Path dir = Files.createTempDirectory("laspy-laz");
    Path las = dir.resolve("survey.las");
    io.dataplug.formats.testing.LasGenerator.write(las, 1, 320_000, 500, 77);
    Path laz = dir.resolve("survey.laz");
    ExternalTools.run(List.of(HOME.resolve("notebooks/.venv/bin/python").toString(), "-c",
        "import laspy, sys; laspy.read(sys.argv[1]).write(sys.argv[2], laz_backend=laspy.LazBackend.Lazrs)",
        las.toString(), laz.toString()), 300);
    Dataset<Row> reference = spark.read().format("dataplug-las").option("includePointIndex", "true").load(las.toString());
    for (String split : List.of("1", "700k", "1g")) {
      Dataset<Row> read = spark.read().format("dataplug-las").option("includePointIndex", "true")
          .option("splitSize", split).load(laz.toString());
      assertSamePoints(read, reference, "splitSize " + split);
    }
    assertThat(spark.read().format("dataplug-las").option("splitSize", "1").load(laz.toString()).rdd().getNumPartitions())
        .as("one partition per chunk").isEqualTo(7);
    Dataset<Row> tiles = spark.read().format("dataplug-las").option("includePointIndex", "true").option("tileSize", "120")
        .load(laz.toString());
    assertThat(tiles.rdd().getNumPartitions()).as("tile groups, at least two per core")
        .isGreaterThanOrEqualTo(2 * spark.sparkContext().defaultParallelism());
    assertSamePoints(tiles, reference, "tiles of 120");
    Column box = col("X").between(500_100, 500_180).and(col("Y").between(4_000_050, 4_000_120));
    Dataset<Row> inBox = spark.read().format("dataplug-las").option("includePointIndex", "true").load(laz.toString())
        .filter(box);
    assertSamePoints(inBox, reference.filter(box), "box");
    assertThat(inBox.count()).isPositive();
  }

  /**
   * Point formats 0 to 3 and 6 to 8 with two extra-bytes dimensions, converted and written by laspy (LAZ by lazrs,
   * two 50,000-point chunks): the LAZ read through this project's decoder holds exactly the points of the LAS laspy
   * wrote beside it, and so does X, Y, Z alone (the layered formats skip the other layers); laszip4j agrees, except in
   * the extra bytes of formats 0 to 3, which it decodes wrongly; the plan names the decoder.
   */
  @Test
  void lazOfEveryCoveredPointFormatWithExtraBytesEqualsTheLasLaspyWrote() throws Exception {
    Path dir = Files.createTempDirectory("laspy-formats");
    Path source = dir.resolve("source.las");
    io.dataplug.formats.testing.LasGenerator.write(source, 3, 60_000, 300, 19);
    String script = String.join("\n",
        "import laspy, numpy as np, sys",
        "source = laspy.read(sys.argv[1])",
        "rng = np.random.default_rng(5)",
        "for fmt in (0, 1, 2, 3, 6, 7, 8):",
        "    las = laspy.convert(source, point_format_id=fmt, file_version='1.4' if fmt >= 6 else '1.2')",
        "    if fmt == 8:",
        "        las.nir = rng.integers(0, 65535, len(las.points)).astype(np.uint16)",
        "    las.add_extra_dim(laspy.ExtraBytesParams(name='height', type=np.int16))",
        "    las.add_extra_dim(laspy.ExtraBytesParams(name='flag', type=np.uint8))",
        "    las.height = rng.integers(-300, 300, len(las.points)).astype(np.int16)",
        "    las.flag = (np.arange(len(las.points)) // 7 % 5).astype(np.uint8)",
        "    las.write(f'{sys.argv[2]}/f{fmt}.las')",
        "    las.write(f'{sys.argv[2]}/f{fmt}.laz', laz_backend=laspy.LazBackend.Lazrs)");
    ExternalTools.run(List.of(HOME.resolve("notebooks/.venv/bin/python").toString(), "-c", script, source.toString(),
        dir.toString()), 300);
    for (int format : new int[] {0, 1, 2, 3, 6, 7, 8}) {
      String las = dir.resolve("f" + format + ".las").toString();
      String laz = dir.resolve("f" + format + ".laz").toString();
      Dataset<Row> reference = spark.read().format("dataplug-las").option("includePointIndex", "true").load(las);
      assertThat(reference.columns()).contains("height", "flag");
      for (String decoder : List.of("dataplug", "laszip4j")) {
        Dataset<Row> read = spark.read().format("dataplug-las").option("includePointIndex", "true")
            .option("lazDecoder", decoder).load(laz);
        assertThat(read.queryExecution().executedPlan().toString())
            .contains("lazDecoder=" + decoder + " (" + decoder + ": 1 file)");
        if (decoder.equals("dataplug")) {
          assertSamePoints(read, reference, "format " + format + " through " + decoder);
          assertSamePoints(read.select("pointIndex", "X", "Y", "Z"), reference.select("pointIndex", "X", "Y", "Z"),
              "X, Y, Z of format " + format + " through " + decoder);
        } else if (format >= 6) {
          assertSamePoints(read, reference, "format " + format + " through laszip4j");
        } else {
          // laszip4j 0.20 predicts every point's extra bytes from the chunk's first point (its BYTE v2 reader never
          // keeps the point before): everything else agrees, the extra bytes do not
          assertSamePoints(read.drop("height", "flag"), reference.drop("height", "flag"), "format " + format
              + " through laszip4j");
          assertThat(read.exceptAll(reference).count()).as("laszip4j's extra bytes").isPositive();
        }
      }
    }
  }

  private static void assertSamePoints(Dataset<Row> actual, Dataset<Row> expected, String what) {
    Dataset<Row> a = actual.drop("sourceFile", "tileX", "tileY", "tileGroup");
    Dataset<Row> e = expected.drop("sourceFile");
    assertThat(a.count()).as(what).isEqualTo(e.count());
    assertThat(a.exceptAll(e).count()).as(what + ": points not in the LAS").isZero();
    assertThat(e.exceptAll(a).count()).as(what + ": LAS points missing").isZero();
  }

  @Test
  void countsAndPerDimensionSumsEqualLaspys() {
    assertThat(files).hasSizeGreaterThanOrEqualTo(13);
    List<String> unreadable = new ArrayList<>();
    for (Path file : files) {
      JsonNode expected = laspy.get(file.toString());
      if (expected.has("error")) {
        unreadable.add(file.getFileName().toString());
        continue;
      }
      Dataset<Row> df = spark.read().format("dataplug-las").option("splitSize", "8k").load(file.toString());
      List<String> columns = List.of(df.columns());
      Map<String, Double> sums = new java.util.LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = expected.get("sums").fields();
      List<Column> aggregates = new ArrayList<>();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (UNDOCUMENTED.contains(e.getKey())) {
          continue;
        }
        assertThat(columns).as("%s has dimension %s", file.getFileName(), e.getKey()).contains(e.getKey());
        sums.put(e.getKey(), e.getValue().asDouble());
        aggregates.add(sum(col(e.getKey()).cast("double")).as(e.getKey()));
      }
      Row row = df.agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
          aggregates.toArray(new Column[0])).first();
      assertThat(row.getLong(0)).as("%s point count", file.getFileName()).isEqualTo(expected.get("count").asLong());
      int i = 1;
      long count = row.getLong(0);
      for (Map.Entry<String, Double> e : sums.entrySet()) {
        double actual = row.getDouble(i++);
        // Float columns (scan angles) carry float rounding per point; everything else is exact or double.
        boolean isFloat = df.schema().apply(e.getKey()).dataType().equals(org.apache.spark.sql.types.DataTypes.FloatType);
        double tolerance = isFloat ? count * 1e-4 : Math.max(1e-6, Math.abs(e.getValue()) * 1e-9);
        assertThat(actual).as("%s sum of %s", file.getFileName(), e.getKey())
            .isCloseTo(e.getValue(), within(tolerance));
      }
    }
    assertThat(unreadable).as("files laspy could not read").containsExactlyElementsOf(LASPY_CANNOT_READ);
    System.out.println("laspy cross-check: " + files.stream().map(f -> f.getFileName().toString())
        .collect(Collectors.joining(", ")));
  }
}
