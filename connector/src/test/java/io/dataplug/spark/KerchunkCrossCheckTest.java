package io.dataplug.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NetCDF4 files written by xarray with h5netcdf (shuffle + zlib chunks, packed integers with _FillValue, NaNs,
 * missing_value, big-endian uncompressed chunks, an unlimited dimension, inline chunks) and kerchunk's real air.nc,
 * referenced by kerchunk 0.2.10 in JSON and in fsspec's Parquet layout: read through Spark in small partitions, the
 * cells equal xarray's read of the original file (CF-decoded: masked, unpacked, times).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class KerchunkCrossCheckTest {
  static SparkSession spark;
  @TempDir static Path temp;
  static List<JsonNode> cases;

  @BeforeAll
  static void startSpark() throws Exception {
    spark = TestSpark.session();
  }

  static synchronized Stream<String> names() throws Exception {
    if (cases == null) {
      ExternalTools.setUpVenv();
      JsonNode written = new ObjectMapper().readTree(ExternalTools.run(List.of(ExternalTools.venv("python"),
          ExternalTools.HOME.resolve("connector/src/test/python/kerchunk_write.py").toString(),
          temp.resolve("nc").toString(), ExternalTools.HOME.resolve("testdata/kerchunk/air.nc").toString()), 300));
      List<JsonNode> all = new ArrayList<>();
      written.forEach(all::add);
      cases = all;
    }
    return cases.stream().map(c -> c.path("name").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void cellsEqualXarraysReadOfTheOriginalFile(String name) throws Exception {
    JsonNode c = cases.stream().filter(x -> x.path("name").asText().equals(name)).findFirst().orElseThrow();
    var cells = spark.read().format("dataplug-kerchunk").option("partitions", "4").load(c.path("refs").asText());
    assertThat(cells.rdd().getNumPartitions()).as(name).isGreaterThanOrEqualTo(name.startsWith("air") ? 1 : 3);
    ZarrCrossCheckTest.assertCellsEqualXarray(cells, c.path("original").asText(), name);
  }
}
