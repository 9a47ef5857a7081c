package io.dataplug.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Zarr v2 stores written by zarr-python 3.1.6 and numcodecs (one per codec, filter, dtype and layout: Blosc with
 * blosclz, lz4, lz4hc, zlib and zstd inside and byte, bit or no shuffle, multi-block chunks; zlib, gzip, bz2, zstd,
 * lz4; the delta, fixedscaleoffset and shuffle filters; F order, big-endian, '/' keys; missing chunks with NaN and
 * integer fill values; float16, uint64, datetime64 with NaT, timedelta64, bool, S and U strings; 1 to 4
 * dimensions) read through Spark in small partitions, as Arrow batches and as rows, equal zarr-python's read of
 * them, element for element.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class ZarrCrossCheckTest {
  static final Path HOME = ExternalTools.HOME;
  static SparkSession spark;
  @TempDir static Path temp;
  static List<String> stores;
  static List<String> cfStores;

  @BeforeAll
  static void startSpark() throws Exception {
    spark = TestSpark.session();
    writeStoresOnce();
  }

  static Stream<String> names() throws Exception {
    writeStoresOnce();
    return stores.stream();
  }

  /** The stores are written once, by whichever of the two JUnit asks for them first. */
  private static synchronized void writeStoresOnce() throws Exception {
    if (stores == null) {
      ExternalTools.setUpVenv();
      String out = ExternalTools.run(List.of(ExternalTools.venv("python"),
          HOME.resolve("connector/src/test/python/zarr_write.py").toString(), temp.toString()), 300);
      stores = Arrays.stream(out.split("\n")).filter(s -> !s.isBlank()).toList();
      String cf = ExternalTools.run(List.of(ExternalTools.venv("python"),
          HOME.resolve("connector/src/test/python/xarray_write.py").toString(), temp.resolve("cf").toString()), 300);
      cfStores = Arrays.stream(cf.split("\n")).filter(s -> !s.isBlank()).toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void everyElementEqualsZarrPythonsRead(String name) throws Exception {
    Path store = temp.resolve(name);
    JsonNode expected = new ObjectMapper().readTree(ExternalTools.run(List.of(ExternalTools.venv("python"),
        HOME.resolve("connector/src/test/python/zarr_values.py").toString(), store.toString()), 120));
    // zarr-python returns values as stored: no CF decoding (the fill value stays a value). Blosc chunks: the Java
    // decoder here, c-blosc (where the host has it) in the read as rows below.
    Dataset<Row> cells = spark.read().format("dataplug-zarr").option("splitSize", "2k").option("decodeCF", "false")
        .option("blosc", "java").load(store.toString());
    int rank = expected.path("shape").size();
    List<String> dims = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      dims.add("dim_" + d);
    }
    assertThat(cells.columns()).containsExactlyElementsOf(Stream.concat(dims.stream(), Stream.of("array")).toList());
    assertThat(cells.count()).as("count from the metadata").isEqualTo(expected.path("count").asLong());
    assertThat(digest(cells, dims)).as("SHA-1 of %s", name).isEqualTo(expected.path("sha1").asText());
    Dataset<Row> rows = spark.read().format("dataplug-zarr").option("splitSize", "2k").option("blosc", "auto")
        .option("decodeCF", "false").option("enableVectorizedReader", "false").load(store.toString());
    assertThat(digest(rows, dims)).as("SHA-1 of %s read as rows", name).isEqualTo(expected.path("sha1").asText());
  }

  /** The SHA-1 of the array column's canonical texts in C order of the dimensions. */
  private static String digest(Dataset<Row> cells, List<String> dims) throws Exception {
    List<Row> rows = cells.orderBy(dims.stream().map(org.apache.spark.sql.functions::col)
        .toArray(org.apache.spark.sql.Column[]::new)).select("array").collectAsList();
    List<String> texts = new ArrayList<>();
    for (Row r : rows) {
      texts.add(text(r.get(0)));
    }
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
        .digest(String.join("\n", texts).getBytes(StandardCharsets.UTF_8)));
  }

  static Stream<String> cfStores() throws Exception {
    writeStoresOnce();
    return cfStores.stream();
  }

  /**
   * Stores with CF attributes (written by xarray, and by hand) read with decodeCF on (the default) equal xarray's
   * open_zarr and to_dataframe, row for row: nulls where xarray masks, unpacked doubles, times in microseconds.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cfStores")
  void cfDecodingEqualsXarray(String name) throws Exception {
    Path store = temp.resolve("cf").resolve(name);
    assertCellsEqualXarray(spark.read().format("dataplug-zarr").option("splitSize", "1k").load(store.toString()),
        store.toString(), name);
  }

  /**
   * The cells equal xarray_cells.py's read of {@code original} (a Zarr store or a NetCDF4 file): the same columns, and
   * the same rows by count and by the SHA-1 of their sorted canonical texts.
   */
  static void assertCellsEqualXarray(Dataset<Row> cells, String original, String name) throws Exception {
    JsonNode expected = new ObjectMapper().readTree(ExternalTools.run(List.of(ExternalTools.venv("python"),
        HOME.resolve("connector/src/test/python/xarray_cells.py").toString(), original), 120));
    List<String> columns = new ArrayList<>();
    expected.path("columns").forEach(c -> columns.add(c.asText()));
    assertThat(cells.columns()).containsExactlyElementsOf(columns);
    List<String> rows = new ArrayList<>();
    for (Row r : cells.collectAsList()) {
      List<String> values = new ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        Object v = r.get(i);
        values.add(v instanceof Number n && !(v instanceof BigDecimal) ? cfNumber(n.doubleValue())
            : v instanceof BigDecimal d ? cfNumber(d.doubleValue()) : text(v));
      }
      rows.add(String.join("|", values));
    }
    rows.sort(null);
    assertThat(rows).hasSize(expected.path("rows").asInt());
    String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
        .digest(String.join("\n", rows).getBytes(StandardCharsets.UTF_8)));
    assertThat(digest).as("SHA-1 of %s, first rows %s", name, rows.subList(0, 3))
        .isEqualTo(expected.path("sha1").asText());
  }

  private static String cfNumber(double x) {
    return Double.isNaN(x) ? "null" : String.format("%016x", Double.doubleToLongBits(x));
  }

  /** The canonical text zarr_values.py writes for an element. */
  static String text(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Boolean b) {
      return b ? "1" : "0";
    }
    if (v instanceof BigDecimal d) {
      return d.toBigIntegerExact().toString();
    }
    if (v instanceof Float || v instanceof Double) {
      double x = ((Number) v).doubleValue();
      return Double.isNaN(x) ? "7ff8000000000000" : String.format("%016x", Double.doubleToLongBits(x));
    }
    if (v instanceof Number n) {
      return Long.toString(n.longValue());
    }
    if (v instanceof LocalDateTime t) {
      return Long.toString(t.toEpochSecond(ZoneOffset.UTC) * 1_000_000 + t.getNano() / 1000);
    }
    if (v instanceof Duration d) {
      return Long.toString(d.getSeconds() * 1_000_000 + d.getNano() / 1000);
    }
    return v.toString();
  }
}
