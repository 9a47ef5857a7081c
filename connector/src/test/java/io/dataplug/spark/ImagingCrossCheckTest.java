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
 * Every spectrum of every bundled imzML file, read through Spark one spectrum per partition, agrees with pyimzML, an
 * independent reader run in the project's virtualenv: coordinates, and every m/z and intensity value (SHA-1 of the
 * arrays widened to float64), whole and cut by {@code mzRange}.
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
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes.array()));
  }
}
