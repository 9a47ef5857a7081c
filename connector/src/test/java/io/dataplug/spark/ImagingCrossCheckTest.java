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
  static final Path HOME = ExternalTools.HOME;
  static SparkSession spark;

  @TempDir static Path temp;

  @BeforeAll
  static void startSpark() throws Exception {
    spark = TestSpark.session();
    ExternalTools.setUpVenv();
  }

  private static List<JsonNode> pyimzml(Path file, String... range) throws Exception {
    List<String> command = new ArrayList<>(List.of(HOME.resolve("notebooks/.venv/bin/python").toString(),
        HOME.resolve("connector/src/test/python/imzml_spectra.py").toString(), file.toString()));
    command.addAll(List.of(range));
    String out = ExternalTools.run(command, 300);
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
      compareEveryLevel(file, file.getFileName().toString().matches("cog_rgb.tif|cogeo.tif"));
    }
  }

  /**
   * GeoTIFFs written by rasterio (seeded) with the codecs, predictors, sample types and layouts the bundled files
   * lack: ZSTD, PackBits, no compression, floating-point predictor, planar bands, BigTIFF, big-endian (MM) files,
   * signed and 32-bit integers, a nodata value; and WebP, which is refused.
   */
  @Test
  void generatedGeoTiffsOfEveryCodecAgreeWithRasterio() throws Exception {
    Path dir = temp.resolve("generated-cogs");
    String out = ExternalTools.run(List.of(HOME.resolve("notebooks/.venv/bin/python").toString(),
        HOME.resolve("connector/src/test/python/cog_write.py").toString(), dir.toString()), 300);
    List<Path> files = out.lines().filter(l -> l.endsWith(".tif")).map(Path::of).toList();
    assertThat(files).hasSize(12);
    for (Path file : files) {
      if (file.getFileName().toString().startsWith("webp")) {
        // No Java WebP decoder here matches libwebp: refused with a clear error rather than read inexactly.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> spark.read().format("dataplug-cog")
            .load(file.toString()).select("data").collectAsList())
            .hasStackTraceContaining("compressed with WebP, which this reader does not decode");
        continue;
      }
      compareEveryLevel(file, false);
    }
  }

  private static void compareEveryLevel(Path file, boolean lossy) throws Exception {
    int levels = levels(file);
    assertThat(levels).as("levels of %s", file).isGreaterThanOrEqualTo(2);
    for (int level = 0; level < levels; level++) {
      List<Row> tiles = spark.read().format("dataplug-cog").option("overview", level).option("splitSize", "8k")
          .load(file.toString()).collectAsList();
      List<String> command = new ArrayList<>(List.of(HOME.resolve("notebooks/.venv/bin/python").toString(),
          HOME.resolve("connector/src/test/python/cog_tiles.py").toString(), file.toString(),
          Integer.toString(level)));
      if (lossy) {
        command.add("--raw");
      }
      List<JsonNode> expected = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      for (String line : ExternalTools.run(command, 300).split("\n")) {
        if (!line.isBlank()) {
          expected.add(json.readTree(line));
        }
      }
      String where = file.getFileName() + " level " + level;
      assertThat(tiles).as(where).hasSize(expected.size());
      for (int t = 0; t < tiles.size(); t++) {
        compareTile(where + " tile " + t, tiles.get(t), expected.get(t), lossy);
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
    List<scala.collection.Seq<Object>> bands = row.getList(row.fieldIndex("data"));
    assertThat(bands).as(where).hasSize(e.get("bands").size());
    for (int b = 0; b < bands.size(); b++) {
      List<Object> values = scala.collection.JavaConverters.seqAsJavaList(bands.get(b));
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
      // JPEG: libjpeg-turbo through Pillow (default fancy upsampling) is matched within 1. GDAL's JPEG-in-TIFF path
      // upsamples chroma otherwise (measured: up to 33 at colour edges, a mean of 0.5 to 2 per tile), so against it
      // the mean is bounded at 4: a tile unconverted from YCbCr, or put at another place, is off by tens.
      byte[] gdal = java.util.Base64.getDecoder().decode(band.get("values").asText());
      byte[] pillow = java.util.Base64.getDecoder().decode(band.get("pillow").asText());
      int worstPillow = 0;
      long sumGdal = 0;
      for (int i = 0; i < values.size(); i++) {
        int ours = values.get(i) == null ? 0 : ((Number) values.get(i)).intValue();
        worstPillow = Math.max(worstPillow, Math.abs(ours - (pillow[i] & 0xFF)));
        sumGdal += Math.abs(ours - (gdal[i] & 0xFF));
      }
      assertThat(worstPillow).as(where + " band " + (b + 1) + ": largest difference from libjpeg-turbo (Pillow)")
          .isLessThanOrEqualTo(1);
      assertThat(sumGdal / (double) Math.max(1, values.size())).as(where + " band " + (b + 1)
          + ": mean difference from GDAL").isLessThan(4.0);
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
