package io.dataplug.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import io.dataplug.formats.storage.BlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The imaging cases (opt-in: {@code --cases cog-scan,cog-box,imzml-scan}): a generated COG (written by rasterio,
 * seeded) decoded whole by this project on 1 and 2 cores, by rasterio in 1 and 2 processes and read whole per task
 * by Spark's binaryFile source; a box of under 10 % of it (bytes read counted) against rasterio reading the same
 * tiles; a generated imzML (written by pyimzML, seeded) against pyimzML. Every tool's pixel, tile or value counts are
 * checked against the others before a number is kept.
 */
final class Imaging {
  private final BenchOptions options;
  private final Sparks sparks;
  private final Python python;
  private final Path work;

  Imaging(BenchOptions options, Sparks sparks, Python python, Path work) {
    this.options = options;
    this.sparks = sparks;
    this.python = python;
    this.work = work;
  }

  /** The COG's side: uint16 samples of half of --size (a 16384-pixel square at 1g), 1024 in smoke mode. */
  private int cogSide() {
    if (options.smoke) {
      return 1024;
    }
    return (int) Math.max(1024, Math.sqrt(options.size / 2.0 / 2) / 512 * 512);
  }

  Path cogInput() throws Exception {
    Path file = Files.createDirectories(work.resolve("cog")).resolve("raster.tif");
    python.run("imaging.py", List.of("cog-generate", file.toString(), Integer.toString(cogSide())));
    return file;
  }

  /**
   * Spectra of the generated imzML: one per 5,000 bytes of --size (214,748 at 1g: .ibd 655 MiB of 400 peaks of two
   * 32-bit arrays each, and about 500 MiB of XML).
   */
  private int spectra() {
    return options.smoke ? 2_000 : (int) Math.max(2_000, options.size / 5_000);
  }

  Path imzmlInput() throws Exception {
    Path file = Files.createDirectories(work.resolve("imzml")).resolve("spectra.imzML");
    python.run("imaging.py", List.of("imzml-generate", file.toString(), Integer.toString(spectra()), "400"));
    return file;
  }

  /** Decodes every tile of the full image; returns tiles and pixels. */
  static long[] dataplugTiles(SparkSession spark, Path file) {
    return dataplugTiles(spark, file.toString());
  }

  static long[] dataplugTiles(SparkSession spark, String uri) {
    Row r = spark.read().format("dataplug-cog").load(uri)
        .agg(count(lit(1)), sum(size(col("data").getItem(0)))).first();
    return new long[] {r.getLong(0), r.getLong(1)};
  }

  /** Every tile of the COG decoded: this project on 1 and 2 cores, rasterio in 1 and 2 processes, binaryFile. */
  void cogScan(Suite.CaseRun c, Path file) throws Exception {
    int side = cogSide();
    long pixels = (long) side * side;
    c.input(String.format("COG %d x %d uint16, DEFLATE, 512 x 512 tiles (%d MiB of samples)", side, side,
        pixels * 2 >> 20), Files.size(file));
    for (int cores : List.of(1, 2)) {
      SparkSession spark = sparks.local(cores);
      dataplugTiles(spark, file);
      for (int run = 1; run <= options.runs; run++) {
        long[] read = new long[1];
        c.seconds(run, "dataplug", cores, () -> read[0] = dataplugTiles(spark, file)[1]);
        expect(read[0], pixels, "dataplug");
        if (cores == 2) {
          long[] bytes = new long[1];
          c.seconds(run, "spark binaryFile", 2, () -> bytes[0] = spark.read().format("binaryFile")
              .load(file.toString()).selectExpr("sum(length(content))").first().getLong(0));
          expect(bytes[0], Files.size(file), "spark binaryFile (bytes)");
        }
      }
    }
    for (int run = 1; run <= options.runs; run++) {
      for (int processes : List.of(1, 2)) {
        Map<String, Double> r = python.run("imaging.py", List.of("cog-scan", file.toString(),
            Integer.toString(processes)));
        expect(r.get("pixels").longValue(), pixels, "rasterio");
        c.value(run, "rasterio", processes, "seconds", "s", r.get("seconds"));
      }
    }
  }

  /** A box of about 7 % of the image's area, away from its edges. */
  private static double[] box(int side) {
    double size = 10.0 * side;
    double left = 500_000 + size * 0.40;
    double top = 4_600_000 - size * 0.40;
    double width = size * 0.26;
    return new double[] {left, top - width, left + width, top};
  }

  static long dataplugBox(SparkSession spark, Path file, double[] box) {
    return spark.read().format("dataplug-cog").load(file.toString())
        .where(col("maxX").gt(box[0]).and(col("minX").lt(box[2])).and(col("maxY").gt(box[1]))
            .and(col("minY").lt(box[3])))
        .agg(sum(size(col("data").getItem(0)))).first().getLong(0);
  }

  /** The box: this project (bytes read counted, as a percentage of the file) against rasterio reading its tiles. */
  void cogBox(Suite.CaseRun c, Path file) throws Exception {
    int side = cogSide();
    double[] box = box(side);
    c.input(String.format("COG %d x %d uint16, box of %.0f %% of its area", side, side, 100 * 0.26 * 0.26), Files.size(file));
    SparkSession spark = sparks.local(2);
    dataplugBox(spark, file, box);
    for (int run = 1; run <= options.runs; run++) {
      long before = BlobStore.readsSoFar().bytes();
      long[] pixels = new long[1];
      c.seconds(run, "dataplug", 2, () -> pixels[0] = dataplugBox(spark, file, box));
      long bytes = BlobStore.readsSoFar().bytes() - before;
      c.value(run, "dataplug", 2, "percent_of_file_read", "%", 100.0 * bytes / Files.size(file));
      Map<String, Double> r = python.run("imaging.py", List.of("cog-box", file.toString(), Double.toString(box[0]),
          Double.toString(box[1]), Double.toString(box[2]), Double.toString(box[3])));
      c.value(run, "rasterio", 1, "seconds", "s", r.get("seconds"));
      expect(pixels[0], r.get("pixels").longValue(), "dataplug box against rasterio's tiles");
    }
  }

  static long[] dataplugSpectra(SparkSession spark, Path file) {
    return dataplugSpectra(spark, file.toString());
  }

  static long[] dataplugSpectra(SparkSession spark, String uri) {
    Dataset<Row> spectra = spark.read().format("dataplug-imzml").load(uri);
    Row r = spectra.agg(count(lit(1)), sum(size(col("intensity")))).first();
    return new long[] {r.getLong(0), r.getLong(1)};
  }

  /** Every spectrum's arrays: this project on 1 and 2 cores (the first read builds the index) against pyimzML. */
  void imzmlScan(Suite.CaseRun c, Path file) throws Exception {
    Path ibd = file.resolveSibling(file.getFileName().toString().replace(".imzML", ".ibd"));
    int spectra = spectra();
    c.input(String.format("imzML %,d spectra of 400 peaks, processed, float32 (.ibd %d MiB, XML %d MiB)", spectra,
        Files.size(ibd) >> 20, Files.size(file) >> 20), Files.size(ibd));
    for (int cores : List.of(1, 2)) {
      SparkSession spark = sparks.local(cores);
      if (cores == 1) {
        long[] first = new long[1];
        c.seconds(1, "dataplug first read (parses the XML, writes the index)", 1,
            () -> first[0] = dataplugSpectra(spark, file)[0]);
        expect(first[0], spectra, "dataplug");
      }
      for (int run = 1; run <= options.runs; run++) {
        long[] values = new long[1];
        c.seconds(run, "dataplug", cores, () -> values[0] = dataplugSpectra(spark, file)[1]);
        expect(values[0], spectra * 400L, "dataplug");
      }
    }
    for (int run = 1; run <= options.runs; run++) {
      Map<String, Double> r = python.run("imaging.py", List.of("imzml-scan", file.toString()));
      expect(r.get("values").longValue(), spectra * 400L, "pyimzML");
      c.value(run, "pyimzML", 1, "seconds", "s", r.get("seconds"));
    }
  }

  /** Fails the case when a tool read another count than the others (values, pixels, spectra). */
  static void expect(long got, long want, String tool) {
    if (got != want) {
      throw new IllegalStateException(tool + " read " + got + ", expected " + want);
    }
  }
}
