package io.dataplug.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Zarr benchmarks: a generated (time, lat, lon) float32 cube, xarray-written Zarr v2 in chunks of 1 x 512 x 512,
 * read by this project (layout chunks: every value decoded into Spark arrays; layout cells: every value summed) and
 * by zarr-python reading the same values into NumPy and summing them.
 */
final class Cubes {
  private static final int TIMES = 24;
  private final BenchOptions options;
  private final Sparks sparks;
  private final Python python;
  private final Path work;

  Cubes(BenchOptions options, Sparks sparks, Python python, Path work) {
    this.options = options;
    this.sparks = sparks;
    this.python = python;
    this.work = work;
  }

  private int times() {
    return options.smoke ? 2 : TIMES;
  }

  /** The side of each monthly grid: float32 values of --size in all (3328 at 1g), 512 in smoke mode. */
  private int side() {
    if (options.smoke) {
      return 512;
    }
    return (int) Math.max(512, Math.round(Math.sqrt(options.size / 4.0 / times()) / 256) * 256);
  }

  /** The cube compressed with {@code codec}: zlib (level 1) or blosc-lz4 (byte shuffle). */
  Path input(String codec) throws Exception {
    Path store = Files.createDirectories(work.resolve("zarr-" + codec)).resolve("cube.zarr");
    python.run("arrays.py", List.of("zarr-generate", store.toString(), Integer.toString(times()),
        Integer.toString(side()), codec));
    return store;
  }

  private static long bytes(Path store) throws Exception {
    try (Stream<Path> files = Files.walk(store)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private String label(String codec) {
    return String.format("Zarr v2 %d x %d x %d float32 %s in chunks of 1 x 512 x 512", times(), side(), side(), codec);
  }

  /** Every value of both stores: layout chunks on 1 and 2 cores, layout cells summed on 2, zarr-python. */
  void scan(Suite.CaseRun c, Path zlib, Path blosc) throws Exception {
    long cells = (long) times() * side() * side();
    for (Path store : List.of(zlib, blosc)) {
      String codec = store.equals(zlib) ? "zlib" : "blosc-lz4";
      c.input(label(codec), bytes(store));
      for (int cores : List.of(1, 2)) {
        SparkSession spark = sparks.local(cores);
        tensors(spark, store);
        for (int run = 1; run <= options.runs; run++) {
          long[] read = new long[1];
          c.seconds(run, "dataplug chunks " + codec, cores, () -> read[0] = tensors(spark, store));
          Imaging.expect(read[0], cells, "dataplug chunks");
          if (cores == 2) {
            c.seconds(run, "dataplug cells " + codec, cores, () -> read[0] = summed(spark, store, null));
            Imaging.expect(read[0], cells, "dataplug cells");
          }
        }
      }
      if (!options.smoke) {
        SparkSession spark = sparks.local(2);
        Profiler.profile("dataplug-zarr layout=chunks scan of the " + codec + " cube, local[2]",
            () -> tensors(spark, store), options.resultDir().resolve("profile-zarr-scan-" + codec + ".md"));
      }
      for (int run = 1; run <= options.runs; run++) {
        for (int cores : List.of(1, 2)) {
          Map<String, Double> r = python.run("arrays.py", List.of("zarr-scan", store.toString()), cores);
          Imaging.expect(r.get("cells").longValue(), cells, "zarr-python");
          c.value(run, zarrPython(cores), cores, "seconds", "s", r.get("seconds"));
        }
      }
    }
  }

  /**
   * The same cube as a NetCDF4 file written by xarray through h5netcdf (float32 with shuffle and zlib level 1 in chunks
   * of 1 x 512 x 512, as NetCDF4 archives hold them), with the Kerchunk references kerchunk builds for it beside it
   * ({@code cube.json}).
   */
  Path netcdf() throws Exception {
    Path dir = Files.createDirectories(work.resolve("netcdf"));
    python.run("arrays.py", List.of("netcdf-generate", dir.toString(), Integer.toString(times()),
        Integer.toString(side())));
    return dir;
  }

  /**
   * Every value of a NetCDF4 file: dataplug-kerchunk over its references (layout chunks, 1 and 2 cores), xarray over
   * the same references (fsspec's reference file system and zarr-python) and xarray over the file itself (h5netcdf
   * and h5py, HDF5's own reader), each pinned to 1 and 2 cores.
   */
  void kerchunk(Suite.CaseRun c, Path dir) throws Exception {
    long cells = (long) times() * side() * side();
    Path nc = dir.resolve("cube.nc");
    Path refs = dir.resolve("cube.json");
    c.input(String.format("NetCDF4 %d x %d x %d float32 shuffle+zlib in chunks of 1 x 512 x 512", times(), side(),
        side()), Files.size(nc));
    for (int cores : List.of(1, 2)) {
      SparkSession spark = sparks.local(cores);
      kerchunkTensors(spark, refs);
      for (int run = 1; run <= options.runs; run++) {
        long[] read = new long[1];
        c.seconds(run, "dataplug-kerchunk chunks", cores, () -> read[0] = kerchunkTensors(spark, refs));
        Imaging.expect(read[0], cells, "dataplug-kerchunk");
      }
    }
    for (int run = 1; run <= options.runs; run++) {
      for (int cores : List.of(1, 2)) {
        Map<String, Double> viaRefs = python.run("arrays.py", List.of("kerchunk-scan", refs.toString()), cores);
        Imaging.expect(viaRefs.get("cells").longValue(), cells, "xarray kerchunk");
        c.value(run, onCores("xarray kerchunk", cores), cores, "seconds", "s", viaRefs.get("seconds"));
        Map<String, Double> direct = python.run("arrays.py", List.of("netcdf-scan", nc.toString()), cores);
        Imaging.expect(direct.get("cells").longValue(), cells, "xarray h5netcdf");
        c.value(run, onCores("xarray h5netcdf", cores), cores, "seconds", "s", direct.get("seconds"));
      }
    }
  }

  /** dataplug-kerchunk, layout chunks: every chunk's values as a Spark array; returns the values read. */
  private static long kerchunkTensors(SparkSession spark, Path refs) {
    return spark.read().format("dataplug-kerchunk").option("layout", "chunks").load(refs.toString())
        .agg(sum(size(col("t2m")))).first().getLong(0);
  }

  /** A box of 20 % of the grid's side each way, every month: layout cells pruned by lat and lon, and zarr-python. */
  void box(Suite.CaseRun c, Path zlib) throws Exception {
    int side = side();
    int i0 = side * 2 / 5;
    int i1 = side * 3 / 5;
    long cells = (long) times() * (i1 - i0) * (i1 - i0);
    c.input(label("zlib") + String.format(" (box of %d x %d cells)", i1 - i0, i1 - i0), bytes(zlib));
    // The box's edges halfway between grid lines (lat = 90 - 180 i / (side - 1), lon = -180 + 360 j / side).
    double latTop = 90 - 180.0 * (i0 - 0.5) / (side - 1);
    double latBottom = 90 - 180.0 * (i1 - 0.5) / (side - 1);
    double lonLeft = -180 + 360.0 * (i0 - 0.5) / side;
    double lonRight = -180 + 360.0 * (i1 - 0.5) / side;
    String where = String.format("lat < %s and lat > %s and lon > %s and lon < %s", latTop, latBottom, lonLeft,
        lonRight);
    SparkSession spark = sparks.local(2);
    summed(spark, zlib, where);
    for (int run = 1; run <= options.runs; run++) {
      long[] read = new long[1];
      c.seconds(run, "dataplug cells", 2, () -> read[0] = summed(spark, zlib, where));
      Imaging.expect(read[0], cells, "dataplug cells box");
      for (int cores : List.of(1, 2)) {
        Map<String, Double> r = python.run("arrays.py", List.of("zarr-box", zlib.toString(), Integer.toString(i0),
            Integer.toString(i1), Integer.toString(i0), Integer.toString(i1)), cores);
        Imaging.expect(r.get("cells").longValue(), cells, "zarr-python box");
        c.value(run, zarrPython(cores), cores, "seconds", "s", r.get("seconds"));
      }
    }
  }

  /**
   * A Python tool's row name when pinned to {@code cores} cores (one thread per pool on one core, its defaults on
   * more: {@link Python#run(String, List, int)}).
   */
  static String onCores(String tool, int cores) {
    return tool + " " + cores + (cores == 1 ? " core" : " cores");
  }

  /** zarr-python pinned to {@code cores} cores. */
  static String zarrPython(int cores) {
    return onCores("zarr-python", cores);
  }

  /** Layout chunks: every chunk's values as a Spark array; returns the values read. */
  private static long tensors(SparkSession spark, Path store) {
    return spark.read().format("dataplug-zarr").option("layout", "chunks").load(store.toString())
        .agg(sum(size(col("t2m")))).first().getLong(0);
  }

  /** Layout cells: count and sum of t2m, where {@code where} holds; returns the count. */
  private static long summed(SparkSession spark, Path store, String where) {
    Dataset<Row> cells = spark.read().format("dataplug-zarr").load(store.toString());
    if (where != null) {
      cells = cells.where(where);
    }
    return cells.agg(count(lit(1)), sum(col("t2m"))).first().getLong(0);
  }
}
