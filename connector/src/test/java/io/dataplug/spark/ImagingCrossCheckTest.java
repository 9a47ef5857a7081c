package io.dataplug.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The imaging formats read through Spark in small partitions agree with independent readers run in the project's
 * virtualenv. COG: every tile of every level of every bundled GeoTIFF with rasterio (GDAL): window, bounds, CRS,
 * nodata, each band's mask, and its samples (SHA-1 of the values widened to float64) or, for JPEG, each sample
 * within 1 (decoders differ). imzML: every spectrum with pyimzML: coordinates, and every m/z and intensity value
 * (SHA-1 of the arrays widened to float64), whole and cut by {@code mzRange}.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class ImagingCrossCheckTest {
  static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  static SparkSession spark;

  @TempDir static Path temp;

  @BeforeAll
  static void startSpark() throws Exception {
    spark = TestSpark.session();
    LidarCrossCheckTest.run(List.of("bash", HOME.resolve("notebooks/setup-venv.sh").toString()), 1500);
  }

  private static List<JsonNode> pyimzml(Path file, String... range) throws Exception {
    List<String> command = new ArrayList<>(List.of(HOME.resolve("notebooks/.venv/bin/python").toString(),
        HOME.resolve("connector/src/test/python/imzml_spectra.py").toString(), file.toString()));
    command.addAll(List.of(range));
    String out = LidarCrossCheckTest.run(command, 300);
    List<JsonNode> spectra = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        spectra.add(json.readTree(line));
      }
    }
    return spectra;
  }

  @Test
  void everySpectrumAgreesWithPyimzml() throws Exception {
    List<Path> files = new ArrayList<>();
    try (var s = Files.list(HOME.resolve("testdata/imzml"))) {
      s.filter(p -> p.toString().endsWith(".imzML")).sorted().forEach(files::add);
    }
    assertThat(files).hasSize(2);
    for (Path file : files) {
      compare(file, pyimzml(file), read(file, null));
      compare(file, pyimzml(file, "300", "301.5"), read(file, "300:301.5"));
    }
  }

  @Test
  void everyTileOfEveryLevelAgreesWithRasterio() throws Exception {
    List<Path> files = new ArrayList<>();
    try (var s = Files.list(HOME.resolve("testdata/cog"))) {
      s.filter(p -> p.toString().endsWith(".tif")).sorted().forEach(files::add);
    }
    assertThat(files).hasSize(5);
    for (Path file : files) {
      int levels = levels(file);
      assertThat(levels).isGreaterThanOrEqualTo(2);
      for (int level = 0; level < levels; level++) {
        List<Row> tiles = spark.read().format("dataplug-cog").option("overview", level).option("splitSize", "8k")
            .load(file.toString()).collectAsList();
        boolean jpeg = file.getFileName().toString().matches("cog_rgb.tif|cogeo.tif");
        List<String> command = new ArrayList<>(List.of(HOME.resolve("notebooks/.venv/bin/python").toString(),
            HOME.resolve("connector/src/test/python/cog_tiles.py").toString(), file.toString(),
            Integer.toString(level)));
        if (jpeg) {
          command.add("--raw");
        }
        List<JsonNode> expected = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : LidarCrossCheckTest.run(command, 300).split("\n")) {
          if (!line.isBlank()) {
            expected.add(json.readTree(line));
          }
        }
        String where = file.getFileName() + " level " + level;
        assertThat(tiles).as(where).hasSize(expected.size());
        for (int t = 0; t < tiles.size(); t++) {
          compareTile(where + " tile " + t, tiles.get(t), expected.get(t), jpeg);
        }
      }
    }
  }

  /** The levels a GeoTIFF has: the full image and its overviews (asking for one more is an error naming them). */
  private static int levels(Path file) {
    for (int level = 1; ; level++) {
      try {
        spark.read().format("dataplug-cog").option("overview", level).load(file.toString()).count();
      } catch (Exception e) {
        assertThat(e).hasStackTraceContaining("overview " + level + " does not exist");
        return level;
      }
    }
  }

  private static void compareTile(String where, Row row, JsonNode e, boolean jpeg) throws Exception {
    assertThat(List.of(row.<Integer>getAs("tileColumn"), row.<Integer>getAs("tileRow"), row.<Integer>getAs("x"),
        row.<Integer>getAs("y"), row.<Integer>getAs("width"), row.<Integer>getAs("height"))).as(where)
        .isEqualTo(List.of(e.get("column").asInt(), e.get("row").asInt(), e.get("x").asInt(), e.get("y").asInt(),
            e.get("width").asInt(), e.get("height").asInt()));
    String[] bounds = {"minX", "minY", "maxX", "maxY"};
    for (int i = 0; i < 4; i++) {
      double theirs = e.get("bounds").get(i).asDouble();
      assertThat(row.<Double>getAs(bounds[i])).as(where + " " + bounds[i])
          .isCloseTo(theirs, org.assertj.core.api.Assertions.within(1e-9 * Math.max(1, Math.abs(theirs))));
    }
    String crs = row.getAs("crs");
    if (e.get("crs").asText().startsWith("EPSG:")) {
      assertThat(crs).as(where).isEqualTo(e.get("crs").asText());
    } else {
      // A user-defined CRS: GDAL's WKT adds authorities and axes; the names and the projection must agree.
      for (String name : e.get("crs").asText().split("\"")) {
        if (name.matches("[A-Za-z_ ]*[A-Z][A-Za-z_ ]+") && !name.matches("metre|degree|Easting|Northing|EPSG")) {
          assertThat(crs).as(where + " CRS").contains(name);
        }
      }
    }
    if (e.get("nodata").isNull()) {
      assertThat(row.<Object>getAs("nodata")).as(where).isNull();
    } else {
      assertThat(row.<Double>getAs("nodata")).as(where).isEqualTo(e.get("nodata").asDouble());
    }
    List<List<Object>> bands = row.getList(row.fieldIndex("data"));
    assertThat(bands).as(where).hasSize(e.get("bands").size());
    for (int b = 0; b < bands.size(); b++) {
      List<Object> values = bands.get(b);
      JsonNode band = e.get("bands").get(b);
      byte[] valid = new byte[values.size()];
      ByteBuffer widened = ByteBuffer.allocate(values.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < values.size(); i++) {
        Object v = values.get(i);
        valid[i] = (byte) (v == null ? 0 : 1);
        widened.putDouble(v == null ? 0.0 : ((Number) v).doubleValue());
      }
      assertThat(sha1(valid)).as(where + " band " + (b + 1) + " mask").isEqualTo(band.get("mask").asText());
      if (!jpeg) {
        assertThat(sha1(widened.array())).as(where + " band " + (b + 1)).isEqualTo(band.get("sha1").asText());
        continue;
      }
      byte[] theirs = java.util.Base64.getDecoder().decode(band.get("values").asText());
      byte[] theirValid = java.util.Base64.getDecoder().decode(band.get("valid").asText());
      int worst = 0;
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i) != null && theirValid[i] != 0) {
          worst = Math.max(worst, Math.abs(((Number) values.get(i)).intValue() - (theirs[i] & 0xFF)));
        }
      }
      assertThat(worst).as(where + " band " + (b + 1) + ": largest difference from GDAL's JPEG decoder")
          .isLessThanOrEqualTo(1);
    }
  }

  private static String sha1(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
  }

  private static List<Row> read(Path file, String mzRange) {
    var reader = spark.read().format("dataplug-imzml").option("splitSize", "1k")
        .option("indexLocation", temp.resolve("indexes").toUri().toString());
    if (mzRange != null) {
      reader = reader.option("mzRange", mzRange);
    }
    return reader.load(file.toString()).collectAsList();
  }

  private static void compare(Path file, List<JsonNode> expected, List<Row> rows) throws Exception {
    assertThat(rows).as("spectra of %s", file).hasSize(expected.size());
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      JsonNode e = expected.get(i);
      String where = file.getFileName() + " spectrum " + i;
      assertThat(List.of(row.getInt(0), row.getInt(1), row.getInt(2))).as(where)
          .isEqualTo(List.of(e.get("x").asInt(), e.get("y").asInt(), e.get("z").asInt()));
      List<Object> mz = row.getList(row.fieldIndex("mz"));
      List<Object> intensity = row.getList(row.fieldIndex("intensity"));
      assertThat(mz).as(where).hasSize(e.get("values").asInt());
      assertThat(sha1(mz)).as(where + " m/z").isEqualTo(e.get("mz").asText());
      assertThat(sha1(intensity)).as(where + " intensity").isEqualTo(e.get("intensity").asText());
    }
  }

  /** SHA-1 of the values as little-endian float64, as the Python side hashes them. */
  private static String sha1(List<Object> values) throws Exception {
    ByteBuffer bytes = ByteBuffer.allocate(values.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (Object v : values) {
      bytes.putDouble(((Number) v).doubleValue());
    }
    return sha1(bytes.array());
  }
}
