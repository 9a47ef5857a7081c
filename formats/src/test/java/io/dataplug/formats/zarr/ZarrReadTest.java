package io.dataplug.formats.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.FormatReads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Zarr v2 stores read through the format interface: every partitioning equals the whole read, cell for cell. */
class ZarrReadTest {
  static final Path ZARR = Path.of("../testdata/zarr");
  /** The stores, and the small arrays of the xarray dataset (its 4 million cells are cross-checked elsewhere). */
  static final List<String> STORES = List.of("dataset_3d.zarr?array=x", "dataset_3d.zarr?array=time",
      "zarr-python-fixture/10/6", "zarr-python-fixture/19/3", "zarr-python-fixture/20/1", "zarr-python-fixture/nested");
  final BlobStore store = new LocalBlobStore();
  final DataFormat format = Formats.byShortName("dataplug-zarr");

  static Stream<Arguments> partitionings() {
    return STORES.stream().flatMap(s -> Stream.of(Map.of("splitSize", "2k"), Map.of("partitions", "3"),
        Map.of("splitSize", "1g"), Map.of("splitSize", "2k", "layout", "chunks")).map(p -> Arguments.of(s, p)));
  }

  FormatDataset open(String store, Map<String, String> options) throws IOException {
    Map<String, String> all = new java.util.HashMap<>(options);
    String[] parts = store.split("\\?array=");
    if (parts.length == 2) {
      all.put("array", parts[1]);
    }
    return format.open(this.store, ReadOptions.parse(format, List.of(ZARR.resolve(parts[0]).toString()), all,
        Map.of()));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("partitionings")
  void everyPartitioningEqualsTheWholeRead(String name, Map<String, String> partitioning) throws IOException {
    FormatDataset whole = open(name, partitioning.containsKey("layout") ? Map.of("layout", "chunks") : Map.of());
    List<String> columns = FormatReads.allColumns(whole);
    FormatReads expected = FormatReads.read(store, whole.referencePlan(ScanRequest.all(columns)), -1);
    FormatDataset dataset = open(name, partitioning);
    FormatReads actual = FormatReads.read(store, dataset.plan(ScanRequest.all(columns)), -1);
    assertThat(actual.rows).containsExactlyElementsOf(expected.rows);
    assertThat(dataset.count(ScanRequest.all(columns))).isEqualTo(OptionalLong.of(expected.rows.size()));
    assertThat(actual.allocatorsLeftOpen).isZero();
  }

  /**
   * Blosc chunks (lz4 and zstd inside, byte shuffle, F order) read alike by the Java decoder and by the host's c-blosc
   * (libblosc1, which bin/test installs), whose native buffers are freed when the readers close.
   */
  @Test
  void theJavaDecoderAndCBloscReadBloscChunksAlike() throws IOException {
    assertThat(LibBlosc.status()).isEqualTo("ok");
    for (String name : List.of("zarr-python-fixture/10/6", "zarr-python-fixture/19/3", "zarr-python-fixture/nested",
        "dataset_3d.zarr")) {
      FormatDataset java = open(name, Map.of("blosc", "java", "partitions", "3"));
      List<String> columns = FormatReads.allColumns(java);
      List<String> rows = FormatReads.read(store, java.plan(ScanRequest.all(columns)), -1).rows;
      FormatDataset native1 = open(name, Map.of("blosc", "libblosc", "partitions", "3"));
      List<String> nativeRows = FormatReads.read(store, native1.plan(ScanRequest.all(columns)), -1).rows;
      assertThat(nativeRows.equals(rows)).as(name).isTrue();
      assertThat(native1.describe(ScanRequest.all(columns))).contains("blosc=libblosc");
      assertThat(LibBlosc.liveDecoders()).isZero();
    }
    assertThat(open("zarr-python-fixture/10/6", Map.of()).describe(ScanRequest.all(List.of())))
        .contains("blosc=auto (libblosc here)");
  }

  /** zlib chunks read alike by every whole-buffer engine; the plan string names the engine. */
  @Test
  void everyInflaterReadsZlibChunksAlike() throws IOException {
    FormatDataset jdk = open("zarr-python-fixture/20/1", Map.of("inflater", "jdk", "partitions", "3"));
    List<String> columns = FormatReads.allColumns(jdk);
    List<String> rows = FormatReads.read(store, jdk.plan(ScanRequest.all(columns)), -1).rows;
    assertThat(rows).hasSize(20_000);
    FormatDataset libdeflate = open("zarr-python-fixture/20/1", Map.of("inflater", "libdeflate", "partitions", "3"));
    assertThat(FormatReads.read(store, libdeflate.plan(ScanRequest.all(columns)), -1).rows)
        .containsExactlyElementsOf(rows);
    assertThat(libdeflate.describe(ScanRequest.all(columns))).contains("inflater=libdeflate");
    assertThat(open("zarr-python-fixture/20/1", Map.of()).describe(ScanRequest.all(columns)))
        .contains("inflater=auto (libdeflate here)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> open("zarr-python-fixture/20/1",
        Map.of("inflater", "java"))).hasMessageContaining("Invalid value 'java' for option inflater: Zarr's zlib"
        + " chunks are inflated by auto, jdk or libdeflate");
  }

  /** Count, sum and sum of squares of the last column, read in 3 partitions straight from the Arrow vectors. */
  double[] moments(String name) throws IOException {
    FormatDataset dataset = open(name, Map.of("partitions", "3", "decodeCF", "false"));
    List<String> columns = FormatReads.allColumns(dataset);
    var plan = dataset.plan(ScanRequest.all(List.of(columns.get(columns.size() - 1))));
    double[] out = new double[3];
    try (var root = new org.apache.arrow.memory.RootAllocator()) {
      for (var partition : plan.partitions()) {
        try (var reader = plan.readers().open(store, partition, root)) {
          while (reader.next()) {
            var v = reader.vectors().get(0);
            for (int i = 0; i < reader.rows(); i++) {
              double x = ((Number) v.getObject(i)).doubleValue();
              out[0]++;
              out[1] += x;
              out[2] += x * x;
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * zarr-python 3.1.6 (numcodecs 0.16.6) on the same stores: element count, sum and sum of squares as float64 of the
   * values as stored (decodeCF=false: zarr-python applies no CF convention).
   */
  @Test
  void valuesAgreeWithZarrPython() throws IOException {
    assertThat(moments("dataset_3d.zarr")).containsExactly(new double[] {4_000_000, 2.0000000000000002E9,
        1.3333335000000417E12}, org.assertj.core.data.Offset.offset(0.1)); // sums of 4 million in another order
    assertThat(moments("zarr-python-fixture/10/6")).containsExactly(new double[] {3333, 1666.5, 1111.1667166866746},
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(moments("zarr-python-fixture/19/3")).containsExactly(20000, 199990000.0, 2666466670000.0);
    assertThat(moments("zarr-python-fixture/20/1")).containsExactly(20000, 199990000.0, 2666466670000.0);
    assertThat(moments("zarr-python-fixture/nested")).containsExactly(4, 10.0, 30.0);
  }

  @Test
  void aCoordinateFilterReadsOnlyTheChunksThatMayHoldItsCells() throws IOException {
    FormatDataset dataset = open("dataset_3d.zarr", Map.of());
    List<String> columns = List.of("x", "dataset");
    // x runs from -170 by 0.17 in chunks of 500: only the first column of chunks holds x < -160.
    var filter = new io.dataplug.formats.api.Predicate("x", io.dataplug.formats.api.Predicate.Op.LT, -160.0);
    assertThat(dataset.usesPredicate(filter)).isTrue();
    var plan = dataset.plan(new ScanRequest(columns, List.of(filter), -1));
    FormatReads read = FormatReads.read(store, plan, -1);
    assertThat(read.metrics.get(io.dataplug.formats.api.ReadMetric.RUNS_READ)).isEqualTo(2 * 4);
    assertThat(read.metrics.get(io.dataplug.formats.api.ReadMetric.REQUESTS)).isEqualTo(2 * 4);
    assertThat(plan.planningMetrics().get(io.dataplug.formats.api.ReadMetric.RUNS_TOTAL)).isEqualTo(2 * 4 * 4);
    // Only the cells that pass: 59 x values below -160 (-170 + 0.17 * 58 = -160.14), for every time and y.
    assertThat(read.rows).hasSize(2 * 1000 * 59);
    assertThat(read.rows).allMatch(r -> Double.parseDouble(r.split("\\|")[0]) < -160);
    assertThat(dataset.describe(new ScanRequest(columns, List.of(filter), -1))).contains("chunks where x LT -160.0");
  }

  /** Filters on two dimensions (a box across chunk edges) emit exactly the cells inside it, as Spark's filter would. */
  @Test
  void aBoxOfCoordinateFiltersEmitsExactlyTheCellsInsideIt() throws IOException {
    List<String> columns = List.of("time", "y", "x", "dataset");
    FormatDataset all = open("dataset_3d.zarr", Map.of());
    List<String> expected = FormatReads.read(store, all.plan(ScanRequest.all(columns)), -1).rows.stream()
        .filter(r -> {
          String[] v = r.split("\\|");
          double y = Double.parseDouble(v[1]);
          double x = Double.parseDouble(v[2]);
          return x >= -100.5 && x < -4.2 && y > -40 && y <= 39.9;
        }).toList();
    assertThat(expected).hasSizeGreaterThan(1000);
    var filters = List.of(new io.dataplug.formats.api.Predicate("x", io.dataplug.formats.api.Predicate.Op.GE, -100.5),
        new io.dataplug.formats.api.Predicate("x", io.dataplug.formats.api.Predicate.Op.LT, -4.2),
        new io.dataplug.formats.api.Predicate("y", io.dataplug.formats.api.Predicate.Op.GT, -40),
        new io.dataplug.formats.api.Predicate("y", io.dataplug.formats.api.Predicate.Op.LE, 39.9));
    for (Map<String, String> partitioning : List.of(Map.<String, String>of(), Map.of("splitSize", "1m", "batchSize",
        "777"))) {
      FormatDataset box = open("dataset_3d.zarr", partitioning);
      List<String> rows = FormatReads.read(store, box.plan(new ScanRequest(columns, filters, -1)), -1).rows;
      assertThat(rows).as("%s", partitioning).hasSameSizeAs(expected);
      assertThat(rows.equals(expected)).as("%s: the same rows in the same order", partitioning).isTrue();
    }
  }

  @Test
  void layoutChunksGivesEachChunkItsIndexOriginClippedShapeAndValuesInCOrder() throws IOException {
    // 19/3: 200 x 100 int32 in F order, chunks of 100 x 30 (the last column of chunks is 10 wide), a[r, c] = r + 200c.
    FormatDataset dataset = open("zarr-python-fixture/19/3", Map.of("layout", "chunks", "splitSize", "1k"));
    assertThat(FormatReads.allColumns(dataset)).containsExactly("chunk", "origin", "shape", "array");
    assertThat(dataset.count(ScanRequest.all(List.of("chunk")))).isEqualTo(OptionalLong.of(2 * 4));
    List<String> rows = FormatReads.read(store, dataset.plan(ScanRequest.all(FormatReads.allColumns(dataset))), -1)
        .rows;
    assertThat(rows).hasSize(8);
    String last = rows.stream().filter(r -> r.startsWith("[1.0, 3.0]|")).findFirst().orElseThrow();
    String[] columns = last.split("\\|");
    assertThat(columns[1]).isEqualTo("[100.0, 90.0]");
    assertThat(columns[2]).isEqualTo("[100.0, 10.0]");
    assertThat(columns[3]).startsWith("[18100.0, 18300.0, 18500.0").endsWith(", 19999.0]");
    assertThat(columns[3].split(", ")).hasSize(1000);
  }

  /** Chunks (whole ones copied as stored, edge ones cell by cell) hold exactly the cells layout's values. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("zarrPythonStores")
  void everyChunkHoldsTheCellsOfItsRegionInCOrder(String name) throws IOException {
    // As stored, and with CF masking (the fill value 0 is null): chunks copied as stored then masked.
    for (String decodeCf : List.of("false", "true")) {
      everyChunkHoldsTheCellsOfItsRegion(name, decodeCf);
    }
  }

  /** NaN values under a NaN fill value, in float32 and float64, whole and edge chunks: null in both layouts. */
  @Test
  void nanFillValuesAreNullInBothLayouts(@TempDir Path temp) throws IOException {
    for (String dtype : List.of("<f4", "<f8")) {
      Path root = Files.createDirectories(temp.resolve(dtype.substring(1)));
      Files.writeString(root.resolve(".zarray"), "{\"zarr_format\": 2, \"shape\": [5, 7], \"chunks\": [2, 4],"
          + " \"dtype\": \"" + dtype + "\", \"compressor\": null, \"fill_value\": \"NaN\", \"order\": \"C\","
          + " \"filters\": null}");
      int size = dtype.equals("<f4") ? 4 : 8;
      int nans = 0;
      for (int ci = 0; ci < 3; ci++) {
        for (int cj = 0; cj < 2; cj++) {
          java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(8 * size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
          for (int k = 0; k < 8; k++) {
            int i = ci * 2 + k / 4;
            int j = cj * 4 + k % 4;
            double v = (i + j) % 3 == 0 ? Double.NaN : i * 10 + j;
            nans += Double.isNaN(v) && i < 5 && j < 7 ? 1 : 0;
            if (size == 4) {
              chunk.putFloat(k * 4, (float) v);
            } else {
              chunk.putDouble(k * 8, v);
            }
          }
          Files.write(root.resolve(ci + "." + cj), chunk.array());
        }
      }
      assertThat(everyChunkHoldsTheCellsOfItsRegion(root.toString(), "true")).as(dtype).isEqualTo(nans);
    }
  }

  /**
   * Arrays of one group chunked differently (2 x 3 in C order, 3 x 2 in F order, and 4 x 4 with a chunk missing, for
   * 5 x 7 cells): each cell holds its own values in every partitioning, as xarray's to_dataframe would give them.
   */
  @Test
  void arraysChunkedDifferentlyGiveEachCellItsOwnValues(@TempDir Path temp) throws IOException {
    Path root = Files.createDirectories(temp.resolve("mixed.zarr"));
    Files.writeString(root.resolve(".zgroup"), "{\"zarr_format\": 2}");
    writeArray(root, "a", new int[] {2, 3}, false, (y, x) -> 100 * y + x);
    writeArray(root, "b", new int[] {3, 2}, true, (y, x) -> 1000 + 100 * y + x);
    writeArray(root, "c", new int[] {4, 4}, false, (y, x) -> 2000 + 100 * y + x);
    Files.delete(root.resolve("c/1.0"));
    for (Map<String, String> partitioning : List.of(Map.<String, String>of("partitions", "1"),
        Map.of("partitions", "4"), Map.of("splitSize", "1k"))) {
      Map<String, String> options = new java.util.HashMap<>(partitioning);
      options.put("decodeCF", "false");
      FormatDataset dataset = open(root.toString(), options);
      List<String> rows = FormatReads.read(store, dataset.plan(ScanRequest.all(FormatReads.allColumns(dataset))), -1)
          .rows;
      assertThat(rows).as("%s", partitioning).hasSize(35);
      for (String row : rows) {
        int[] v = java.util.Arrays.stream(row.split("\\|")).mapToInt(t -> (int) Double.parseDouble(t))
            .toArray();
        int y = v[0];
        int x = v[1];
        assertThat(v).as(row).containsExactly(y, x, 100 * y + x, 1000 + 100 * y + x,
            y >= 4 && x < 4 ? -1 : 2000 + 100 * y + x);
      }
    }
  }

  /** A 5 x 7 int32 array of uncompressed chunks with dimensions y, x and fill value -1. */
  private static void writeArray(Path root, String name, int[] chunks, boolean fortran,
      java.util.function.IntBinaryOperator value) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    Files.writeString(dir.resolve(".zarray"), "{\"zarr_format\": 2, \"shape\": [5, 7], \"chunks\": [" + chunks[0]
        + ", " + chunks[1] + "], \"dtype\": \"<i4\", \"compressor\": null, \"fill_value\": -1, \"order\": \""
        + (fortran ? "F" : "C") + "\", \"filters\": null}");
    Files.writeString(dir.resolve(".zattrs"), "{\"_ARRAY_DIMENSIONS\": [\"y\", \"x\"]}");
    for (int cy = 0; cy * chunks[0] < 5; cy++) {
      for (int cx = 0; cx * chunks[1] < 7; cx++) {
        java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(chunks[0] * chunks[1] * 4)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < chunks[0]; i++) {
          for (int j = 0; j < chunks[1]; j++) {
            int at = fortran ? j * chunks[0] + i : i * chunks[1] + j;
            chunk.putInt(at * 4, value.applyAsInt(cy * chunks[0] + i, cx * chunks[1] + j));
          }
        }
        Files.write(dir.resolve(cy + "." + cx), chunk.array());
      }
    }
  }

  /** Checks every chunk's values against the cells layout; returns how many cells are null. */
  private long everyChunkHoldsTheCellsOfItsRegion(String name, String decodeCf) throws IOException {
    FormatDataset cellsRead = open(name, Map.of("decodeCF", decodeCf));
    Map<String, String> byIndex = new java.util.HashMap<>();
    int rank = FormatReads.allColumns(cellsRead).size() - 1;
    for (String row : FormatReads.read(store, cellsRead.plan(ScanRequest.all(FormatReads.allColumns(cellsRead))), -1)
        .rows) {
      String[] v = row.split("\\|");
      byIndex.put(String.join(",", java.util.Arrays.copyOf(v, rank)), v[rank]);
    }
    FormatDataset chunksRead = open(name, Map.of("decodeCF", decodeCf, "layout", "chunks"));
    long seen = 0;
    for (String row : FormatReads.read(store, chunksRead.plan(ScanRequest.all(FormatReads.allColumns(chunksRead))),
        -1).rows) {
      String[] v = row.split("\\|");
      double[] origin = numbers(v[1]);
      double[] shape = numbers(v[2]);
      String[] values = v[3].substring(1, v[3].length() - 1).split(", ");
      int[] at = new int[rank];
      for (String value : values) {
        String[] key = new String[rank];
        for (int d = 0; d < rank; d++) {
          key[d] = Double.toString(origin[d] + at[d]);
        }
        assertThat(value).as("%s cell %s", name, String.join(",", key)).isEqualTo(byIndex.get(String.join(",", key)));
        seen++;
        for (int d = rank - 1; d >= 0; d--) {
          if (++at[d] < shape[d]) {
            break;
          }
          at[d] = 0;
        }
      }
    }
    assertThat(seen).isEqualTo(byIndex.size());
    return byIndex.values().stream().filter(v -> v.equals("null")).count();
  }

  static Stream<String> zarrPythonStores() {
    return STORES.stream().filter(s -> s.startsWith("zarr-python-fixture"));
  }

  private static double[] numbers(String list) {
    return java.util.Arrays.stream(list.substring(1, list.length() - 1).split(", ")).mapToDouble(Double::parseDouble)
        .toArray();
  }

  @Test
  void anXarrayDatasetIsItsDataArrayWithItsCoordinatesAsDimensionColumns() throws IOException {
    FormatDataset dataset = open("dataset_3d.zarr", Map.of());
    assertThat(FormatReads.allColumns(dataset)).containsExactly("time", "y", "x", "dataset");
    assertThat(dataset.count(ScanRequest.all(List.of("x")))).isEqualTo(OptionalLong.of(2L * 1000 * 2000));
  }

  @Test
  void aZarrV3StoreAndAFolderThatIsNoStoreAreClearErrors(@TempDir Path temp) throws IOException {
    Files.writeString(temp.resolve("zarr.json"), "{\"zarr_format\": 3, \"node_type\": \"group\"}");
    assertThatThrownBy(() -> open(temp.toString(), Map.of()).schema()).hasMessageContaining("Zarr v3 is not"
        + " supported");
    Path empty = Files.createDirectory(temp.resolve("empty"));
    assertThatThrownBy(() -> open(empty.toString(), Map.of()).schema()).hasMessageContaining("is not a Zarr v2 store");
  }
}
