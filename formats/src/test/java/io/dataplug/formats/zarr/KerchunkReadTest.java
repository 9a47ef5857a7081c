package io.dataplug.formats.zarr;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.Predicate;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.FormatReads;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kerchunk reference sets over a real NetCDF4 file (kerchunk's own test file {@code air.nc}): the JSON references
 * kerchunk builds, the same in fsspec's Parquet layout, and version 1 references written by hand from the spec
 * (templates, a template call, {@code gen}, base64). Every partitioning equals the whole read, and all three read
 * the same cells.
 */
class KerchunkReadTest {
  static final Path DIR = Path.of("../testdata/kerchunk");
  static final List<String> SETS = List.of("air.json", "air.parq", "air_gen_v1.json");
  final BlobStore store = new LocalBlobStore();
  final DataFormat format = Formats.byShortName("dataplug-kerchunk");

  static Stream<Arguments> partitionings() {
    return SETS.stream().flatMap(s -> Stream.of(Map.of("splitSize", "1k"), Map.of("partitions", "3"),
        Map.of("splitSize", "1g"), Map.of("splitSize", "1k", "layout", "chunks")).map(p -> Arguments.of(s, p)));
  }

  FormatDataset open(String set, Map<String, String> options) throws IOException {
    return format.open(store, ReadOptions.parse(format, List.of(DIR.resolve(set).toString()), options, Map.of()));
  }

  FormatReads readAll(String set, Map<String, String> options) throws IOException {
    FormatDataset dataset = open(set, options);
    return FormatReads.read(store, dataset.plan(ScanRequest.all(FormatReads.allColumns(dataset))), -1);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("partitionings")
  void everyPartitioningEqualsTheWholeRead(String set, Map<String, String> partitioning) throws IOException {
    FormatDataset whole = open(set, partitioning.containsKey("layout") ? Map.of("layout", "chunks") : Map.of());
    List<String> columns = FormatReads.allColumns(whole);
    FormatReads expected = FormatReads.read(store, whole.referencePlan(ScanRequest.all(columns)), -1);
    FormatDataset dataset = open(set, partitioning);
    FormatReads actual = FormatReads.read(store, dataset.plan(ScanRequest.all(columns)), -1);
    assertThat(actual.rows).containsExactlyElementsOf(expected.rows);
    assertThat(dataset.count(ScanRequest.all(columns))).isEqualTo(OptionalLong.of(expected.rows.size()));
    assertThat(actual.allocatorsLeftOpen).isZero();
  }

  @Test
  void theJsonTheParquetAndTheHandWrittenVersion1ReferencesReadTheSameCells() throws IOException {
    List<String> json = readAll("air.json", Map.of()).rows;
    assertThat(json).hasSize(124 * 11 * 21);
    assertThat(readAll("air.parq", Map.of("partitions", "2")).rows).containsExactlyElementsOf(json);
    assertThat(readAll("air_gen_v1.json", Map.of("partitions", "2")).rows).containsExactlyElementsOf(json);
    // time (hours since 1800, CF-decoded), lat, lon, air (int16 times scale_factor 0.01), as xarray reads air.nc.
    assertThat(json.get(0)).isEqualTo("2014-10-01T00:00|75.0|250.0|258.2|");
  }

  /**
   * xarray 2026.9.0 over air.nc itself (h5netcdf, mask_and_scale=False): 28,644 values, sum 774,874,628 and sum of
   * squares 20,980,920,067,452 of the int16 air temperatures.
   */
  @Test
  void rawValuesAgreeWithXarraysReadOfTheOriginalFile() throws IOException {
    for (String set : SETS) {
      List<String> rows = readAll(set, Map.of("decodeCF", "false", "partitions", "3")).rows;
      double sum = 0;
      double squares = 0;
      for (String row : rows) {
        String[] cells = row.split("\\|");
        double x = Double.parseDouble(cells[cells.length - 1]);
        sum += x;
        squares += x * x;
      }
      assertThat(rows).as(set).hasSize(28_644);
      assertThat(sum).as(set).isEqualTo(774_874_628.0);
      assertThat(squares).as(set).isEqualTo(20_980_920_067_452.0);
    }
  }

  /** air's four chunks lie one after another in air.nc: a task that reads them all makes one ranged read. */
  @Test
  void adjacentChunksOfOneFileShareOneRequest() throws IOException {
    for (String set : SETS) {
      FormatReads whole = readAll(set, Map.of("splitSize", "1g", "array", "air"));
      assertThat(whole.metrics.get(ReadMetric.RUNS_READ)).as(set).isEqualTo(4);
      assertThat(whole.metrics.get(ReadMetric.REQUESTS)).as(set).isEqualTo(1);
      assertThat(whole.metrics.get(ReadMetric.DATA_BYTES)).as(set).isEqualTo(4 * 14_322);
      FormatReads apart = readAll(set, Map.of("partitions", "4", "array", "air"));
      assertThat(apart.metrics.get(ReadMetric.REQUESTS)).as(set).isEqualTo(4);
    }
  }

  @Test
  void aTimeFilterReadsOnlyTheChunksThatMayHoldItsCells() throws IOException {
    FormatDataset dataset = open("air.json", Map.of());
    var filter = new Predicate("time", Predicate.Op.GE, java.time.LocalDateTime.of(2014, 10, 27, 0, 0));
    assertThat(dataset.usesPredicate(filter)).isTrue();
    FormatReads read = FormatReads.read(store, dataset.plan(new ScanRequest(List.of("time", "air"), List.of(filter),
        -1)), -1);
    // 31 time steps of 6 hours per chunk: 27 October 00:00 is step 104, in the last chunk (93 to 123).
    assertThat(read.metrics.get(ReadMetric.RUNS_READ)).isEqualTo(1);
    assertThat(read.metrics.get(ReadMetric.REQUESTS)).isEqualTo(1);
    assertThat(read.metrics.get(ReadMetric.DATA_BYTES)).isEqualTo(14_322);
    assertThat(read.rows).hasSize(20 * 11 * 21);
    assertThat(dataset.describe(new ScanRequest(List.of("time", "air"), List.of(filter), -1)))
        .startsWith("KerchunkScan[").contains("chunks where time GE");
  }
}
