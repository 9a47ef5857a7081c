package io.dataplug.bench;

import io.dataplug.formats.plan.DataFiles;
import io.dataplug.formats.plan.PartitionPacker;
import io.dataplug.formats.index.IndexMode;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.sum;

import io.dataplug.formats.fastq.FastqFormat;
import io.dataplug.formats.text.TextFilesPlanner;
import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.gzip.GzipDecoder;
import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.api.LocalTaskRunner;
import io.dataplug.formats.index.ParallelIndexBuilder;
import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.storage.HadoopBlobStore;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.plan.SlicePlanner;
import io.dataplug.formats.text.SliceInput;
import io.dataplug.formats.testing.FastqGenerator;
import io.dataplug.formats.testing.GzipWriters;
import io.dataplug.spark.FaultProxy;
import io.dataplug.spark.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SaveMode;

/**
 * Every benchmark case. Each measures the tools it compares on the same file and cores, interleaved run by run, and
 * checks that they agree on what they read (records, lines, bytes, points) before any number is kept.
 */
final class Suite {
  static final List<String> CASES = List.of("gunzip", "index-build", "fastq-scan", "fastq-parquet", "fastq-rows",
      "fastq-scaling", "fastq-multi-member", "fastq-bgzf", "python-dataplug", "executor-memory", "las-points",
      "laz-points", "laz6-points", "las6-points", "laz-tiles", "planning");
  /** Cases run only when named with --cases (the default suite must fit 30 minutes on 2 cores). */
  static final List<String> OPT_IN = List.of("vcf-sites", "vcf-genotypes", "vcf-region", "fasta-scan",
      "fasta-region", "cog-scan", "cog-box", "imzml-scan", "gzip-csv", "laz-s3", "cog-s3", "imzml-s3", "zarr-scan",
      "zarr-box", "kerchunk-scan");

  private static final String S3_ONE_AT_A_TIME = "dataplug S3 one request at a time";
  private static final String TILES_EXCHANGE = "dataplug tiles (bucketing off: one exchange)";
  private static final String TILES_NO_EXCHANGE = "dataplug tiles (bucketing on: no exchange)";
  // Tool and input names go to results.csv: no commas in them.
  /** A distant object store, emulated in front of S3Proxy: time to first byte and bandwidth per connection. */
  private static final int DISTANT_LATENCY_MS = 20;
  private static final long DISTANT_BYTES_PER_SECOND = 100_000_000;
  private static final String DISTANT = "dataplug distant S3 (20 ms; 100 MB/s per connection)";

  /** The tool every other tool of a case is compared with (ratio = baseline's median time / tool's median time). */
  static final Map<String, String> BASELINES = Map.ofEntries(
      Map.entry("gunzip", "gzip -dc > /dev/null"),
      Map.entry("index-build", "gzip -dc > /dev/null"), // measured in the gunzip case
      Map.entry("fastq-scan", "spark.read.text"),
      Map.entry("fastq-parquet", "spark.read.text"),
      Map.entry("fastq-rows", "dataplug rows"),
      Map.entry("fastq-scaling", "dataplug"),
      Map.entry("fastq-multi-member", "spark.read.text"),
      Map.entry("fastq-bgzf", "spark.read.text"),
      Map.entry("python-dataplug", "python dataplug"),
      Map.entry("las-points", "laspy"),
      Map.entry("laz-points", "laspy+lazrs"),
      Map.entry("laz6-points", "laspy+lazrs"),
      Map.entry("las6-points", "laspy"),
      Map.entry("laz-tiles", TILES_EXCHANGE),
      Map.entry("planning", "dataplug"),
      Map.entry("vcf-sites", "spark.read.text"),
      Map.entry("vcf-genotypes", "spark.read.text"),
      Map.entry("vcf-region", "cyvcf2 (tabix)"),
      Map.entry("fasta-scan", "spark.read.text gzip"),
      Map.entry("fasta-region", "samtools faidx"),
      Map.entry("cog-scan", "rasterio"),
      Map.entry("cog-box", "rasterio"),
      Map.entry("imzml-scan", "pyimzML"),
      Map.entry("gzip-csv", "spark.read.csv"),
      Map.entry("laz-s3", S3_ONE_AT_A_TIME),
      Map.entry("cog-s3", S3_ONE_AT_A_TIME),
      Map.entry("imzml-s3", S3_ONE_AT_A_TIME),
      Map.entry("zarr-scan", Cubes.zarrPython(1)),
      Map.entry("zarr-box", Cubes.zarrPython(1)),
      Map.entry("kerchunk-scan", Cubes.onCores("xarray kerchunk", 1)));

  /** The inputs each case reads; an input is generated when first needed and deleted after its last case. */
  private static final Map<String, List<String>> INPUTS = Map.ofEntries(
      Map.entry("gunzip", List.of("single")),
      Map.entry("index-build", List.of("single")),
      Map.entry("fastq-scan", List.of("single")),
      Map.entry("fastq-parquet", List.of("single")),
      Map.entry("fastq-rows", List.of("single")),
      Map.entry("fastq-scaling", List.of("single")),
      Map.entry("fastq-multi-member", List.of("multi")),
      Map.entry("fastq-bgzf", List.of("bgzf")),
      Map.entry("python-dataplug", List.of("single")),
      Map.entry("executor-memory", List.of()),
      Map.entry("las-points", List.of("las")),
      Map.entry("laz-points", List.of("las", "laz")),
      Map.entry("laz6-points", List.of("las6", "laz6")),
      Map.entry("las6-points", List.of("las6")),
      Map.entry("laz-tiles", List.of("las", "laz")),
      Map.entry("planning", List.of()),
      Map.entry("vcf-sites", List.of("vcf")),
      Map.entry("vcf-genotypes", List.of("vcf")),
      Map.entry("vcf-region", List.of("vcf")),
      Map.entry("fasta-scan", List.of("fasta")),
      Map.entry("fasta-region", List.of("fasta")),
      Map.entry("cog-scan", List.of("cog")),
      Map.entry("cog-box", List.of("cog")),
      Map.entry("imzml-scan", List.of("imzml")),
      Map.entry("gzip-csv", List.of("csv")),
      Map.entry("laz-s3", List.of("las", "laz")),
      Map.entry("cog-s3", List.of("cog")),
      Map.entry("imzml-s3", List.of("imzml")),
      Map.entry("zarr-scan", List.of("zarr-zlib", "zarr-blosc")),
      Map.entry("zarr-box", List.of("zarr-zlib")),
      Map.entry("kerchunk-scan", List.of("netcdf")));

  private final BenchOptions options;
  private final Python python;
  private final Sparks sparks;
  private final Path work;
  private final Map<String, Path> inputs = new LinkedHashMap<>();
  private final Map<String, Long> records = new LinkedHashMap<>();
  private Path warmUpFile;
  private final Genomics genomics;
  private final Imaging imaging;
  private final Codecs codecs;
  private final Cubes cubes;

  Suite(BenchOptions options, Python python, Sparks sparks) {
    this.options = options;
    this.python = python;
    this.sparks = sparks;
    this.work = options.work;
    this.genomics = new Genomics(options, sparks, python, work);
    this.imaging = new Imaging(options, sparks, python, work);
    this.codecs = new Codecs(options, sparks, work);
    this.cubes = new Cubes(options, sparks, python, work);
  }

  /** Runs the selected cases that the results file does not hold yet, appending each as it finishes. */
  void run(Results results) throws Exception {
    Files.createDirectories(work);
    Set<String> done = results.completedCases();
    List<String> todo = new ArrayList<>();
    List<String> known = new ArrayList<>(CASES);
    known.addAll(OPT_IN);
    for (String c : known) {
      if (options.cases.contains(c) && !done.contains(c)) {
        todo.add(c);
      }
    }
    checkFreeDisk(todo);
    for (int i = 0; i < todo.size(); i++) {
      String id = todo.get(i);
      System.out.printf("== %s (%d of %d)%n", id, i + 1, todo.size());
      long start = System.nanoTime();
      CaseRun c = new CaseRun(id);
      runCase(c);
      results.append(c.rows);
      System.out.printf("   %s done in %.0f s%n", id, (System.nanoTime() - start) / 1e9);
      deleteInputsNotNeededAfter(todo.subList(i + 1, todo.size()));
    }
    sparks.stop();
    deleteRecursively(work);
  }

  private void checkFreeDisk(List<String> todo) throws IOException {
    long needed = (todo.isEmpty() ? 0 : 5 * options.size) + (1L << 30);
    long free = Files.getFileStore(work).getUsableSpace();
    if (free < needed) {
      throw new IllegalStateException(String.format("Not enough free disk at %s: %d MiB free, the cases need about %d MiB "
          + "(five times --size plus 1 GiB for the inputs, their indexes and Parquet outputs). Free some space, or "
          + "choose a smaller --size or another --work folder.", work, free >> 20, needed >> 20));
    }
  }

  private void runCase(CaseRun c) throws Exception {
    switch (c.id) {
      case "gunzip" -> gunzip(c);
      case "index-build" -> indexBuild(c);
      case "fastq-scan" -> fastqScan(c);
      case "fastq-parquet" -> fastqParquet(c);
      case "fastq-rows" -> fastqRows(c);
      case "fastq-scaling" -> fastqScaling(c);
      case "fastq-multi-member" -> fastqOtherGzip(c, "multi");
      case "fastq-bgzf" -> fastqOtherGzip(c, "bgzf");
      case "python-dataplug" -> pythonDataplug(c);
      case "executor-memory" -> executorMemory(c);
      case "las-points" -> lidarPoints(c, "las");
      case "laz-points" -> lidarPoints(c, "laz");
      case "laz6-points" -> layeredLazPoints(c);
      case "las6-points" -> las6Points(c);
      case "laz-tiles" -> lazTiles(c);
      case "planning" -> planning(c);
      case "vcf-sites" -> genomics.vcfSites(c, input("vcf"));
      case "vcf-genotypes" -> genomics.vcfGenotypes(c, input("vcf"));
      case "vcf-region" -> genomics.vcfRegion(c, input("vcf"));
      case "fasta-scan" -> genomics.fastaScan(c, input("fasta"));
      case "fasta-region" -> genomics.fastaRegion(c, input("fasta"));
      case "cog-scan" -> imaging.cogScan(c, input("cog"));
      case "cog-box" -> imaging.cogBox(c, input("cog"));
      case "imzml-scan" -> imaging.imzmlScan(c, input("imzml"));
      case "gzip-csv" -> codecs.gzipCsv(c, input("csv"));
      case "laz-s3" -> s3Ranges(c, "laz");
      case "cog-s3" -> s3Ranges(c, "cog");
      case "imzml-s3" -> s3Ranges(c, "imzml");
      case "zarr-scan" -> cubes.scan(c, input("zarr-zlib"), input("zarr-blosc"));
      case "zarr-box" -> cubes.box(c, input("zarr-zlib"));
      case "kerchunk-scan" -> cubes.kerchunk(c, input("netcdf"));
      default -> throw new IllegalArgumentException(c.id);
    }
  }

  // ---- inputs -------------------------------------------------------------------------------------------------

  private Path input(String name) throws Exception {
    Path existing = inputs.get(name);
    if (existing != null) {
      return existing;
    }
    long start = System.nanoTime();
    Path file;
    switch (name) {
      case "single", "multi", "bgzf" -> {
        Corpus.Gzip kind = name.equals("single") ? Corpus.Gzip.SINGLE_MEMBER
            : name.equals("multi") ? Corpus.Gzip.MULTI_MEMBER : Corpus.Gzip.BGZF;
        file = work.resolve(name + "/run.fastq.gz");
        records.put(name, Corpus.fastqGz(file, kind, options.size));
      }
      case "las" -> {
        file = work.resolve("las/survey.las");
        Corpus.las(file, lidarPointCount("las"));
      }
      case "laz" -> {
        file = work.resolve("laz/survey.laz");
        Files.createDirectories(file.getParent());
        Corpus.laz(python, input("las"), file, lidarPointCount("laz"));
      }
      case "las6" -> {
        file = work.resolve("las6/survey.las");
        Corpus.las(file, lidarPointCount("laz6"), 6);
      }
      case "laz6" -> {
        file = work.resolve("laz6/survey.laz");
        Files.createDirectories(file.getParent());
        Corpus.laz(python, input("las6"), file, lidarPointCount("laz6"));
      }
      case "vcf" -> file = genomics.vcfInput();
      case "fasta" -> file = genomics.fastaInput();
      case "cog" -> file = imaging.cogInput();
      case "imzml" -> file = imaging.imzmlInput();
      case "csv" -> file = codecs.csvInput();
      case "zarr-zlib" -> file = cubes.input("zlib");
      case "zarr-blosc" -> file = cubes.input("blosc-lz4");
      case "netcdf" -> file = cubes.netcdf();
      default -> throw new IllegalArgumentException(name);
    }
    System.out.printf("   generated %s: %,d bytes in %.0f s%n", file, Files.size(file), (System.nanoTime() - start) / 1e9);
    inputs.put(name, file);
    return file;
  }

  private long lidarPointCount(String kind) {
    if (options.smoke) {
      return kind.equals("las") ? 150_000 : 100_000;
    }
    // LAS: half a point per 16 bytes of --size, 1g gives 33.5 M points (1.1 GB). LAZ: the first half of those
    // (0.3 GB): decoding LAZ costs thirty times as much per point, and the whole suite must fit in 30 minutes.
    // LAZ of point format 6 (layered chunks): a quarter of the LAS points.
    return switch (kind) {
      case "las" -> options.size / 32;
      case "laz" -> options.size / 64;
      default -> options.size / 128;
    };
  }

  private void deleteInputsNotNeededAfter(List<String> later) throws IOException {
    for (String name : new ArrayList<>(inputs.keySet())) {
      boolean needed = later.stream().anyMatch(c -> INPUTS.get(c).contains(name));
      if (!needed) {
        deleteRecursively(inputs.remove(name).getParent());
      }
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static Path sidecar(Path data) {
    return Path.of(java.net.URI.create(SidecarIndexes.indexUriFor(Sparks.uri(data), null)));
  }

  // ---- Spark queries --------------------------------------------------------------------------------------------

  /** A session of {@code cores} local cores, warmed up by one read of a small file with each reader. */
  private SparkSession spark(int cores) throws Exception {
    SparkSession spark = sparks.local(cores);
    warmUp(spark);
    return spark;
  }

  private void warmUp(SparkSession spark) throws Exception {
    fastqScan(spark, warmUpFile(), Map.of());
    textScan(spark, warmUpFile());
  }

  /** A 4 MiB FASTQ.gz that each reader reads once, untimed, so that timed runs do not include JIT warm-up. */
  private Path warmUpFile() throws IOException {
    if (warmUpFile == null) {
      warmUpFile = work.resolve("warm-up/warm.fastq.gz");
      Files.createDirectories(warmUpFile.getParent());
      Files.write(warmUpFile, GzipWriters.singleMember(FastqGenerator.generate(7, 4 << 20, false, 0), 6));
    }
    return warmUpFile;
  }

  /**
   * Decodes every record: the record count and the sum of sequence lengths in bytes (so no reader can skip the
   * work). Bytes, not characters: Spark's length() counts UTF-8 characters, a third of the scan's time.
   */
  static long[] fastqScan(SparkSession spark, Path file, Map<String, String> readOptions) {
    Row r = spark.read().format("dataplug-fastqgz").options(readOptions).load(file.toString())
        .agg(count(lit(1)), sum(octet_length(col("sequence")))).first();
    return new long[] {r.getLong(0), r.isNullAt(1) ? 0 : r.getLong(1)};
  }

  /** Spark's own reader of the same .gz: every line, its count and the sum of line lengths in bytes. */
  static long[] textScan(SparkSession spark, Path file) {
    Row r = spark.read().text(file.toString()).agg(count(lit(1)), sum(octet_length(col("value")))).first();
    return new long[] {r.getLong(0), r.isNullAt(1) ? 0 : r.getLong(1)};
  }

  private void expectRecords(String input, long[] scan, String tool) {
    long want = records.get(input);
    if (scan[0] != want) {
      throw new IllegalStateException(tool + " read " + scan[0] + " records of " + input + ", the generator wrote " + want);
    }
  }

  private void expectLines(String input, long lines, String tool) {
    long want = 4 * records.get(input);
    if (lines != want) {
      throw new IllegalStateException(tool + " read " + lines + " lines of " + input + ", the generator wrote " + want);
    }
  }

  // ---- cases ----------------------------------------------------------------------------------------------------

  /**
   * Decompression alone, each tool at its best: single-core floors (gzip, igzip and libdeflate-gunzip writing to
   * /dev/null), rapidgzip on 2 cores with and without its index (to /dev/null, and counting lines), and this
   * project's engines inflating one slice resumed at a checkpoint on one thread (CRC-checked as its readers do,
   * output discarded). The row piped into the JVM (output counted) checks that rapidgzip decodes the bytes ours do.
   */
  private void gunzip(CaseRun c) throws Exception {
    Path gz = input("single");
    c.input("FASTQ.gz single member", Files.size(gz));
    Path rapidIndex = work.resolve("single/rapidgzip.idx");
    String rapidgzip = python.bin("rapidgzip").toString();
    Commands.counted(List.of(rapidgzip, "-d", "-P", "2", "--export-index", rapidIndex.toString(), "-o", "/dev/null",
        gz.toString()));
    FileSlice whole = wholeFileSlice(gz);
    long lines = 4 * records.get("single");
    Map<String, Long> outputBytes = new LinkedHashMap<>();
    inflateAll(warmUpFile());
    for (InflaterEngine engine : INFLATE_ROWS.keySet()) {
      inflateSlice(whole, engine);
    }
    for (int run = 1; run <= options.runs; run++) {
      c.seconds(run, "jdk inflater (1 thread)", 1, () -> outputBytes.put("jdk", inflateAll(gz)));
      for (Map.Entry<InflaterEngine, String> row : INFLATE_ROWS.entrySet()) {
        c.seconds(run, row.getValue(), 1, () -> outputBytes.put(row.getValue(), inflateSlice(whole, row.getKey())));
      }
      c.seconds(run, "gzip -dc > /dev/null", 1, () -> Commands.discarded(List.of("gzip", "-dc", gz.toString())));
      c.seconds(run, "igzip -dc > /dev/null", 1, () -> Commands.discarded(List.of("igzip", "-dc", gz.toString())));
      c.seconds(run, "libdeflate-gunzip -c > /dev/null", 1,
          () -> Commands.discarded(List.of("libdeflate-gunzip", "-c", gz.toString())));
      c.seconds(run, "rapidgzip -P 2 -o /dev/null", 2,
          () -> Commands.discarded(List.of(rapidgzip, "-d", "-P", "2", "-o", "/dev/null", gz.toString())));
      c.seconds(run, "rapidgzip -P 2 with index -o /dev/null", 2, () -> Commands.discarded(List.of(rapidgzip, "-d",
          "-P", "2", "--import-index", rapidIndex.toString(), "-o", "/dev/null", gz.toString())));
      c.seconds(run, "rapidgzip -P 2 with index --count-lines", 2, () -> {
        String counted = Commands.captured(List.of(rapidgzip, "--count-lines", "-P", "2", "--import-index",
            rapidIndex.toString(), gz.toString())).stdout().trim();
        if (!counted.equals(Long.toString(lines))) {
          throw new IllegalStateException("rapidgzip --count-lines printed " + counted + ", the file has " + lines);
        }
      });
      c.seconds(run, "rapidgzip -P 2 with index (piped into the JVM)", 2, () -> outputBytes.put("rapidgzip-index",
          Commands.counted(List.of(rapidgzip, "-d", "-c", "-P", "2", "--import-index", rapidIndex.toString(),
              gz.toString())).stdoutBytes()));
      if (outputBytes.values().stream().distinct().count() != 1) {
        throw new IllegalStateException("decompressors disagree on the decompressed size: " + outputBytes);
      }
    }
    c.value(1, "jdk inflater (1 thread)", 1, "decompressed_bytes", "bytes", outputBytes.get("jdk"));
  }

  /** This project's engines, inflating a slice the way its gzip readers do. */
  private static final Map<InflaterEngine, String> INFLATE_ROWS = new LinkedHashMap<>();

  static {
    INFLATE_ROWS.put(InflaterEngine.JDK, "dataplug jdk inflate (1 thread)");
    INFLATE_ROWS.put(InflaterEngine.JAVA, "dataplug java inflate (1 thread)");
    INFLATE_ROWS.put(InflaterEngine.LIBDEFLATE, "dataplug libdeflate inflate (1 thread)");
    INFLATE_ROWS.put(InflaterEngine.ISAL, "dataplug isal inflate (1 thread)");
  }

  /** The file as one slice from its first checkpoint, through its index (built here when missing). */
  private static FileSlice wholeFileSlice(Path gz) throws IOException {
    if (!Files.exists(sidecar(gz))) {
      buildIndex(gz);
    }
    LocalBlobStore store = new LocalBlobStore();
    String uri = Sparks.uri(gz);
    FileIndex index;
    try (Blob blob = store.open(sidecar(gz).toUri().toString())) {
      index = FileIndex.read(blob);
    }
    return SlicePlanner.bySize(index, uri, sidecar(gz).toUri().toString(), Long.MAX_VALUE / 4).get(0);
  }

  /** Inflates {@code slice} with {@code engine} on this thread, output discarded; returns the bytes decoded. */
  static long inflateSlice(FileSlice slice, InflaterEngine engine) throws IOException {
    try (SliceInput input = new SliceInput(new LocalBlobStore(), slice, engine)) {
      byte[] buffer = new byte[1 << 20];
      long total = 0;
      for (int n; (n = input.stream().read(buffer)) >= 0; ) {
        total += n;
      }
      return total;
    }
  }

  static long inflateAll(Path gz) throws IOException {
    try (Blob blob = new io.dataplug.formats.storage.LocalBlobStore().open(Sparks.uri(gz));
        GzipDecoder decoder = GzipDecoder.fromStart(blob, GzipDecoder.Engine.NATIVE)) {
      byte[] buffer = new byte[1 << 20];
      long total = 0;
      while (true) {
        int n = decoder.read(buffer, 0, buffer.length);
        if (n > 0) {
          total += n;
        } else if (decoder.boundary() == GzipDecoder.Boundary.NONE) {
          return total;
        }
      }
    }
  }

  /**
   * Index build time and size: this project on one thread (the engine auto picks; and the pure-Java engine, what a
   * host without ISA-L gets), as a read builds it (records scanned on a second thread), in parallel chunks; gztool
   * (as Dataplug runs it), rapidgzip's export. Their ratios are to the gunzip case's gzip -dc of the same file,
   * measured in the same run.
   */
  private void indexBuild(CaseRun c) throws Exception {
    Path gz = input("single");
    long gzBytes = Files.size(gz);
    c.input("FASTQ.gz single member", gzBytes);
    Path gztoolIndex = work.resolve("single/gztool.gzi");
    Path rapidIndex = work.resolve("single/rapidgzip.idx");
    String rapidgzip = python.bin("rapidgzip").toString();
    Map<String, Long> sizes = new LinkedHashMap<>();
    buildIndex(warmUpFile());
    for (int run = 1; run <= options.runs; run++) {
      c.seconds(run, "dataplug", 1, () -> {
        Files.deleteIfExists(sidecar(gz));
        buildIndexOnOneThread(gz, InflaterEngine.AUTO);
        sizes.put("dataplug", Files.size(sidecar(gz)));
      });
      c.seconds(run, INDEX_AS_READ, 2, () -> {
        Files.deleteIfExists(sidecar(gz));
        buildIndex(gz);
      });
      c.seconds(run, "dataplug java engine", 1, () -> {
        Files.deleteIfExists(sidecar(gz));
        buildIndexOnOneThread(gz, InflaterEngine.JAVA);
      });
      for (int threads : new int[] {1, 2}) {
        c.seconds(run, "dataplug parallel chunks", threads, () -> {
          Files.deleteIfExists(sidecar(gz));
          buildIndexInChunks(gz, threads);
          sizes.put("dataplug parallel chunks", Files.size(sidecar(gz)));
        });
      }
      c.seconds(run, "gztool -i -x", 1, () -> {
        Files.deleteIfExists(gztoolIndex);
        Commands.counted(List.of("gztool", "-i", "-x", "-I", gztoolIndex.toString(), gz.toString()));
        sizes.put("gztool -i -x", Files.size(gztoolIndex));
      });
      c.seconds(run, "rapidgzip --export-index -P 2", 2, () -> {
        Files.deleteIfExists(rapidIndex);
        Commands.counted(List.of(rapidgzip, "-d", "-P", "2", "--export-index", rapidIndex.toString(), "-o", "/dev/null",
            gz.toString()));
        sizes.put("rapidgzip --export-index -P 2", Files.size(rapidIndex));
      });
    }
    Files.deleteIfExists(sidecar(gz));
    Profiler.profile("dataplug index build of " + Report.mib(gzBytes) + " FASTQ.gz, one thread",
        () -> buildIndexOnOneThread(gz, InflaterEngine.AUTO), options.resultDir().resolve("profile-index-build.md"));
    Files.deleteIfExists(sidecar(gz));
    Profiler.profile("dataplug index build of " + Report.mib(gzBytes) + " FASTQ.gz in parallel chunks, two threads",
        () -> buildIndexInChunks(gz, 2), options.resultDir().resolve("profile-index-parallel.md"));
    for (Map.Entry<String, Long> e : sizes.entrySet()) {
      int cores = e.getKey().contains("-P 2") || e.getKey().contains("parallel") ? 2 : 1;
      c.value(1, e.getKey(), cores, "index_bytes", "bytes", e.getValue());
      c.value(1, e.getKey(), cores, "index_percent_of_gz", "%", 100.0 * e.getValue() / gzBytes);
    }
  }

  /** The index build's row as a read runs it: the engine auto picks, records scanned on a second thread. */
  static final String INDEX_AS_READ = "dataplug decode and record scan on 2 threads";

  /** The sequential index build with {@code inflater}, records scanned on the decoding thread. */
  private static void buildIndexOnOneThread(Path gz, InflaterEngine inflater) throws IOException {
    String uri = Sparks.uri(gz);
    try (Blob blob = new HadoopBlobStore(new Configuration()).open(uri);
        java.io.OutputStream out = Files.newOutputStream(sidecar(gz))) {
      new IndexBuilder(FastqFormat.NAME, IndexBuilder.DEFAULT_SPAN, IndexBuilder.Progress.NONE, inflater)
          .scanningOnOwnThread(false).build(blob, new FastqFormat().scanner(uri)).writeTo(out);
    }
  }

  private static void buildIndex(Path gz) throws IOException {
    TextFilesPlanner.Options planOptions = new TextFilesPlanner.Options(
        DataFiles.exactly(List.of(Sparks.uri(gz))), new PartitionPacker(128L << 20, 0, 0), IndexMode.REBUILD, null, IndexBuilder.DEFAULT_SPAN, false, true, false, -1);
    new TextFilesPlanner(new HadoopBlobStore(new Configuration()), planOptions, new FastqFormat(),
        IndexBuilder.Progress.NONE).plan();
  }

  /**
   * The parallel index build of a first read (ParallelIndexBuilder) on local threads, its index written beside the
   * file as a read would; on one thread too (then only the build's efficiency is measured: reads on one core index
   * sequentially).
   */
  private static void buildIndexInChunks(Path gz, int threads) throws IOException {
    HadoopBlobStore store = new HadoopBlobStore(new Configuration());
    try (Blob blob = store.open(Sparks.uri(gz))) {
      ParallelIndexBuilder builder = new ParallelIndexBuilder(FastqFormat.NAME, IndexBuilder.DEFAULT_SPAN,
          new FastqFormat().recordSync(), new LocalTaskRunner(store, threads), IndexBuilder.Progress.NONE);
      IndexBuilder.Built built = builder.build(blob);
      if (built == null) {
        throw new IllegalStateException("the parallel index build fell back: " + builder.fallbackReason());
      }
      try (java.io.OutputStream out = Files.newOutputStream(sidecar(gz))) {
        built.writeTo(out);
      }
    }
  }

  /** The connector against spark.read.text on 2 cores: full scans (warm and cold) and count(). */
  private void fastqScan(CaseRun c) throws Exception {
    Path gz = input("single");
    c.input("FASTQ.gz single member", Files.size(gz));
    SparkSession spark = spark(2);
    for (int run = 1; run <= options.runs; run++) {
      c.seconds(run, "dataplug cold (index + scan)", 2, () -> {
        Files.deleteIfExists(sidecar(gz));
        expectRecords("single", fastqScan(spark, gz, Map.of()), "dataplug cold");
      });
      c.seconds(run, "dataplug cold (index in parallel chunks)", 2, () -> {
        Files.deleteIfExists(sidecar(gz));
        expectRecords("single", fastqScan(spark, gz, Map.of("indexBuild", "parallel")),
            "dataplug cold (index in parallel chunks)");
      });
      c.seconds(run, "dataplug", 2, () -> expectRecords("single", fastqScan(spark, gz, Map.of()), "dataplug"));
      c.seconds(run, "spark.read.text", 2, () -> expectLines("single", textScan(spark, gz)[0], "spark.read.text"));
      c.seconds(run, "dataplug count()", 2, () -> {
        long n = spark.read().format("dataplug-fastqgz").load(gz.toString()).count();
        expectRecords("single", new long[] {n}, "dataplug count()");
      });
      c.seconds(run, "spark.read.text count()", 2,
          () -> expectLines("single", spark.read().text(gz.toString()).count(), "spark.read.text count()"));
    }
    Profiler.profile("dataplug-fastqgz warm scan of " + Report.mib(Files.size(gz)) + " FASTQ.gz, local[2]",
        () -> expectRecords("single", fastqScan(spark, gz, Map.of()), "dataplug"),
        options.resultDir().resolve("profile-fastq-scan.md"));
  }

  /** Convert to Parquet: the connector's records against spark.read.text's lines (less work: no record split). */
  private void fastqParquet(CaseRun c) throws Exception {
    Path gz = input("single");
    c.input("FASTQ.gz single member", Files.size(gz));
    SparkSession spark = spark(2);
    Path out = work.resolve("parquet-out");
    spark.read().format("dataplug-fastqgz").load(warmUpFile().toString()).write().mode(SaveMode.Overwrite)
        .parquet(out.toString());
    spark.read().text(warmUpFile().toString()).write().mode(SaveMode.Overwrite).parquet(out.toString());
    for (int run = 1; run <= options.runs; run++) {
      c.seconds(run, "dataplug", 2, () -> spark.read().format("dataplug-fastqgz").load(gz.toString())
          .write().mode(SaveMode.Overwrite).parquet(out.toString()));
      expectRecords("single", new long[] {spark.read().parquet(out.toString()).count()}, "dataplug to Parquet");
      c.seconds(run, "spark.read.text", 2, () -> spark.read().text(gz.toString())
          .write().mode(SaveMode.Overwrite).parquet(out.toString()));
      expectLines("single", spark.read().parquet(out.toString()).count(), "spark.read.text to Parquet");
      deleteRecursively(out);
    }
  }

  /** The same scan with Arrow batches (the default) and with rows (enableVectorizedReader=false). */
  private void fastqRows(CaseRun c) throws Exception {
    Path gz = input("single");
    c.input("FASTQ.gz single member", Files.size(gz));
    SparkSession spark = spark(2);
    Map<String, String> rows = Map.of("enableVectorizedReader", "false");
    for (int run = 1; run <= options.runs; run++) {
      c.seconds(run, "dataplug", 2, () -> expectRecords("single", fastqScan(spark, gz, Map.of()), "dataplug"));
      c.seconds(run, "dataplug rows", 2, () -> expectRecords("single", fastqScan(spark, gz, rows), "dataplug rows"));
    }
  }

  /** The warm scan on 1, 2 (and every available) cores; the report gives the efficiency against the ideal. */
  private void fastqScaling(CaseRun c) throws Exception {
    Path gz = input("single");
    c.input("FASTQ.gz single member", Files.size(gz));
    List<Integer> cores = new ArrayList<>(List.of(1, 2));
    int available = Runtime.getRuntime().availableProcessors();
    if (available > 2) {
      cores.add(available);
    }
    for (int n : cores) {
      SparkSession spark = spark(n);
      fastqScan(spark, gz, Map.of());
      for (int run = 1; run <= options.runs; run++) {
        c.seconds(run, "dataplug", n, () -> expectRecords("single", fastqScan(spark, gz, Map.of()), "dataplug"));
      }
    }
  }

  /** Multi-member gzip and BGZF: the connector against spark.read.text. */
  private void fastqOtherGzip(CaseRun c, String input) throws Exception {
    Path gz = input(input);
    c.input(input.equals("multi") ? "FASTQ.gz multi-member" : "FASTQ BGZF", Files.size(gz));
    SparkSession spark = spark(2);
    fastqScan(spark, gz, Map.of());
    for (int run = 1; run <= options.runs; run++) {
      c.seconds(run, "dataplug", 2, () -> expectRecords(input, fastqScan(spark, gz, Map.of()), "dataplug"));
      c.seconds(run, "spark.read.text", 2, () -> expectLines(input, textScan(spark, gz)[0], "spark.read.text"));
    }
  }

  /** A case's body against S3Proxy: the server, and the 2-core session configured for its bucket "bench". */
  private interface S3Body {
    void run(S3ProxyServer s3, SparkSession spark, Configuration conf) throws Exception;
  }

  /**
   * Starts S3Proxy in the work folder's {@code s3} (objects under {@code s3/s3data/bench}), points the 2-core session
   * at bucket "bench" (no cached file systems, so each read's settings apply), runs {@code body}, then undoes it.
   */
  private void withS3Bucket(S3Body body) throws Exception {
    Path s3dir = Files.createDirectories(work.resolve("s3"));
    try (S3ProxyServer s3 = new S3ProxyServer(s3dir)) {
      s3.createBucket("bench");
      SparkSession spark = spark(2);
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      s3.configure(conf);
      conf.set("fs.s3a.impl.disable.cache", "true");
      body.run(s3, spark, conf);
      s3.unconfigure(conf, "bench");
    }
  }

  /**
   * The same object on S3Proxy: the Python Dataplug (gztool index, slices read by 2 worker processes) against the
   * connector through S3A on 2 cores, cold (index built from the object) and warm.
   */
  private void pythonDataplug(CaseRun c) throws Exception {
    Path gz = input("single");
    c.input("FASTQ.gz on S3Proxy", Files.size(gz));
    withS3Bucket((s3, spark, conf) -> {
      String uri = "s3a://bench/run.fastq.gz";
      S3ProxyServer.upload(conf, gz, uri);
      Path indexUri = work.resolve("s3/s3data/bench/.run.fastq.gz" + SidecarIndexes.SUFFIX);
      int partitions = spark.read().format("dataplug-fastqgz").load(uri).rdd().getNumPartitions();
      List<String> pythonArgs = List.of(s3.endpoint(), s3.accessKey, s3.secretKey, "s3://bench/run.fastq.gz",
          Integer.toString(partitions), "2");
      Map<String, String> noOptions = Map.of();
      for (int run = 1; run <= options.runs; run++) {
        c.seconds(run, "dataplug cold (index + scan)", 2, () -> {
          Files.deleteIfExists(indexUri);
          expectRecords("single", fastqScanUri(spark, uri, noOptions), "dataplug on S3 cold");
        });
        c.seconds(run, "dataplug", 2, () -> expectRecords("single", fastqScanUri(spark, uri, noOptions), "dataplug on S3"));
        Map<String, Double> pre = python.run("dataplug_fastq.py", concat(pythonArgs, "preprocess"));
        c.value(run, "python dataplug preprocess (gztool)", 1, "seconds", "s", pre.get("seconds"));
        Map<String, Double> read = python.run("dataplug_fastq.py", concat(pythonArgs, "read"));
        c.value(run, "python dataplug", 2, "seconds", "s", read.get("seconds"));
        c.value(run, "python dataplug", 2, "records", "records", read.get("records"));
        c.value(run, "python dataplug cold (preprocess + read)", 2, "seconds", "s",
            pre.get("seconds") + read.get("seconds"));
      }
      c.value(1, "dataplug", 2, "records", "records", records.get("single"));
      c.value(1, "dataplug", 2, "partitions", "slices", partitions);
    });
  }

  /**
   * Many ranged reads from S3Proxy through S3A on 2 cores (LAZ chunks, COG tiles or imzML spectra): with Hadoop's
   * vectored reads, which fetch a slice's next requests while it decodes the current one, and with each request made
   * when it is needed; the same through a proxy that makes S3Proxy behave like a distant store (20 ms to the first
   * byte, 100 MB/s per connection); the local file beside them. Vectored reads need Hadoop 3.3.5 or later on the class path
   * (Spark 4.0's 3.4.1; Spark 3.5 ships 3.3.4): the input line says which this run had.
   */
  private void s3Ranges(CaseRun c, String kind) throws Exception {
    Path file = input(kind);
    List<Path> objects = new ArrayList<>(List.of(file));
    if (kind.equals("imzml")) {
      objects.add(file.resolveSibling(file.getFileName().toString().replace(".imzML", ".ibd")));
    }
    long bytes = 0;
    for (Path p : objects) {
      bytes += Files.size(p);
    }
    c.input(String.format("%s on S3Proxy with Hadoop %s (vectored reads: %s)", kind.toUpperCase(java.util.Locale.ROOT),
        org.apache.hadoop.util.VersionInfo.getVersion(), HadoopBlobStore.hasVectoredReads() ? "yes" : "no"), bytes);
    withS3Bucket((s3, spark, conf) -> {
      for (Path p : objects) {
        S3ProxyServer.upload(conf, p, "s3a://bench/" + p.getFileName());
      }
      String uri = "s3a://bench/" + file.getFileName();
      java.util.function.Function<String, Long> read = where -> switch (kind) {
        case "laz" -> lidarScan(spark, where, Map.of());
        case "cog" -> Imaging.dataplugTiles(spark, where)[1];
        default -> Imaging.dataplugSpectra(spark, where)[1];
      };
      long expected = read.apply(file.toString());
      read.apply(uri); // builds the sidecar index beside the object
      try (FaultProxy distant = new FaultProxy(s3.port())) {
        distant.latencyMillis = DISTANT_LATENCY_MS;
        distant.bytesPerSecond = DISTANT_BYTES_PER_SECOND;
        for (int run = 1; run <= options.runs; run++) {
          for (String endpoint : List.of(s3.endpoint(), distant.endpoint())) {
            String where = endpoint.equals(s3.endpoint()) ? "dataplug S3" : DISTANT;
            spark.conf().set("fs.s3a.endpoint", endpoint);
            for (boolean vectored : List.of(true, false)) {
              spark.conf().set(HadoopBlobStore.VECTORED_IO, Boolean.toString(vectored));
              String tool = where + (vectored ? " vectored reads" : " one request at a time");
              long before = BlobStore.readsSoFar().requests();
              long[] got = new long[1];
              c.seconds(run, tool, 2, () -> got[0] = read.apply(uri));
              Imaging.expect(got[0], expected, tool);
              c.value(run, tool, 2, "requests", "requests", BlobStore.readsSoFar().requests() - before);
            }
          }
          spark.conf().unset(HadoopBlobStore.VECTORED_IO);
          spark.conf().unset("fs.s3a.endpoint");
          long[] got = new long[1];
          c.seconds(run, "dataplug local file", 2, () -> got[0] = read.apply(file.toString()));
          Imaging.expect(got[0], expected, "dataplug local file");
        }
      }
    });
  }

  private static List<String> concat(List<String> list, String last) {
    List<String> out = new ArrayList<>(list);
    out.add(last);
    return out;
  }

  static long[] fastqScanUri(SparkSession spark, String uri, Map<String, String> readOptions) {
    Row r = spark.read().format("dataplug-fastqgz").options(readOptions).load(uri)
        .agg(count(lit(1)), sum(octet_length(col("sequence")))).first();
    return new long[] {r.getLong(0), r.isNullAt(1) ? 0 : r.getLong(1)};
  }

  /**
   * Peak RSS (from /proc, VmHWM) and peak heap (Spark's executor metrics) of one executor JVM of a local-cluster,
   * scanning growing inputs (1, 2 and 4 copies of one FASTQ.gz): the connector streams, so they should stay flat.
   */
  private void executorMemory(CaseRun c) throws Exception {
    Path base = work.resolve("memory/base.fastq.gz");
    long baseRecords = Corpus.fastqGz(base, Corpus.Gzip.SINGLE_MEMBER, options.size / 4);
    for (int copies : List.of(1, 2, 4)) {
      Path file = work.resolve("memory/x" + copies + "/run.fastq.gz");
      Files.createDirectories(file.getParent());
      Corpus.concatenate(base, copies, file);
      SparkSession spark = sparks.localCluster(2);
      long[] cold = fastqScan(spark, file, Map.of());
      long[] warm = fastqScan(spark, file, Map.of());
      if (cold[0] != copies * baseRecords || warm[0] != cold[0]) {
        throw new IllegalStateException("local-cluster read " + cold[0] + " and " + warm[0] + " records, want "
            + copies * baseRecords);
      }
      Thread.sleep(3000); // two heartbeats, so the driver has the executor's last peaks
      long[] peaks = ExecutorPeaks.of(spark);
      sparks.stop();
      c.input(String.format("FASTQ.gz %d MiB", Files.size(file) >> 20), Files.size(file));
      c.value(1, "dataplug executor", 2, "peak_rss", "MiB", peaks[0] / 1048576.0);
      c.value(1, "dataplug executor", 2, "peak_heap", "MiB", peaks[1] / 1048576.0);
      deleteRecursively(file.getParent());
    }
    deleteRecursively(base.getParent());
  }

  /**
   * Points per second: laspy (with lazrs for LAZ) against the connector on 1 and 2 cores, both reading the survey's
   * columns (X, Y, Z, intensity, classification, GPS time); for LAS also X, Y, Z only and every dimension, each
   * against laspy touching the same (it always decodes whole records), and rows against Arrow batches; for LAZ also
   * laszip4j (lazDecoder=laszip4j, one run), the decoder this project's own replaced.
   */
  private void lidarPoints(CaseRun c, String kind) throws Exception {
    Path file = input(kind);
    long points = lidarPointCount(kind);
    c.input(kind.equals("las") ? "LAS 1.2 format 3" : "LAZ (laspy+lazrs) format 3", Files.size(file));
    String laspy = kind.equals("las") ? "laspy" : "laspy+lazrs";
    boolean las = kind.equals("las");
    List<String> modes = las ? List.of("single", "xyz", "all") : List.of("single", "parallel");
    for (int cores : List.of(1, 2)) {
      SparkSession spark = sparks.local(cores);
      lidarScan(spark, file, Map.of());
      for (int run = 1; run <= options.runs; run++) {
        c.points(run, "dataplug", cores, points, () -> lidarScan(spark, file, Map.of()));
        if (las && cores == 1) {
          c.points(run, "dataplug X Y Z", cores, points, () -> lidarColumns(spark, file.toString(), "xyz"));
          c.points(run, "dataplug all dimensions", cores, points, () -> lidarColumns(spark, file.toString(), "all"));
        }
        if (cores == 2 && las) {
          c.points(run, "dataplug rows", cores, points,
              () -> lidarScan(spark, file, Map.of("enableVectorizedReader", "false")));
        }
        if (!las && cores == 1 && run == 1) {
          c.points(run, "dataplug with laszip4j", cores, points,
              () -> lidarScan(spark, file, Map.of("lazDecoder", "laszip4j")));
        }
      }
    }
    if (!las) {
      SparkSession spark = sparks.local(2);
      Profiler.profile("dataplug-las scan of " + Report.mib(Files.size(file)) + " LAZ, local[2]",
          () -> lidarScan(spark, file, Map.of()), options.resultDir().resolve("profile-laz-scan.md"));
    }
    for (int run = 1; run <= options.runs; run++) {
      for (String mode : modes) {
        String tool = switch (mode) {
          case "parallel" -> laspy + " parallel";
          case "xyz" -> laspy + " X Y Z";
          case "all" -> laspy + " all dimensions";
          default -> laspy;
        };
        laspyRun(c, run, file, mode, tool, mode.equals("parallel") ? 2 : 1, points);
      }
    }
  }

  /**
   * A LAS 1.4 point format 6 survey compressed by laspy + lazrs (layered chunks), on one core: every column the
   * survey query touches, and X, Y, Z alone (the decoder skips the other layers), against laspy + lazrs reading the
   * file and touching the same (it always decodes every layer).
   */
  private void layeredLazPoints(CaseRun c) throws Exception {
    Path file = input("laz6");
    long points = lidarPointCount("laz6");
    c.input("LAZ (laspy+lazrs) format 6", Files.size(file));
    SparkSession spark = sparks.local(1);
    lidarScan(spark, file, Map.of());
    for (int run = 1; run <= options.runs; run++) {
      c.points(run, "dataplug", 1, points, () -> lidarScan(spark, file, Map.of()));
      c.points(run, "dataplug X Y Z", 1, points, () -> lidarColumns(spark, file.toString(), "xyz"));
    }
    for (int run = 1; run <= options.runs; run++) {
      for (String mode : List.of("single", "xyz")) {
        laspyRun(c, run, file, mode, mode.equals("xyz") ? "laspy+lazrs X Y Z" : "laspy+lazrs", 1, points);
      }
    }
  }

  /** The LAS 1.4 point format 6 survey the format 6 LAZ was written from, on one core, against laspy reading it. */
  private void las6Points(CaseRun c) throws Exception {
    Path file = input("las6");
    long points = lidarPointCount("laz6");
    c.input("LAS 1.4 format 6", Files.size(file));
    SparkSession spark = sparks.local(1);
    lidarScan(spark, file, Map.of());
    for (int run = 1; run <= options.runs; run++) {
      c.points(run, "dataplug", 1, points, () -> lidarScan(spark, file, Map.of()));
    }
    for (int run = 1; run <= options.runs; run++) {
      laspyRun(c, run, file, "single", "laspy", 1, points);
    }
  }

  /** One run of laspy_read.py in {@code mode}, recorded as {@code tool}, after checking it read every point. */
  private void laspyRun(CaseRun c, int run, Path file, String mode, String tool, int cores, long points)
      throws Exception {
    Map<String, Double> r = python.run("laspy_read.py", List.of(file.toString(), mode));
    if (r.get("points").longValue() != points) {
      throw new IllegalStateException("laspy read " + r.get("points") + " points, want " + points);
    }
    c.value(run, tool, cores, "seconds", "s", r.get("seconds"));
    c.value(run, tool, cores, "points_per_second", "Mpoints/s", points / r.get("seconds") / 1e6);
  }

  /**
   * Statistics per tile over the LAZ survey in tiles of a tenth of its width, on 2 cores: tile groups decode each
   * chunk about once (the scan's decode amplification, from its driver metric, and its partition count), and with
   * spark.sql.sources.v2.bucketing.enabled the per-tile aggregation runs without an exchange; the same query with
   * bucketing off (an exchange of the partial aggregates) is the baseline.
   */
  private void lazTiles(CaseRun c) throws Exception {
    Path file = input("laz");
    long points = lidarPointCount("laz");
    c.input("LAZ (laspy+lazrs) format 3 in tiles of 100 m (a tenth of the width)", Files.size(file));
    SparkSession spark = sparks.local(2);
    String bucketing = "spark.sql.sources.v2.bucketing.enabled";
    java.util.function.Supplier<Dataset<Row>> perTile = () -> spark.read().format("dataplug-las")
        .option("tileSize", "100").load(file.toString())
        .groupBy("tileGroup", "tileX", "tileY").agg(count(lit(1)).as("points"), max(col("Z")), sum(col("Intensity")));
    try {
      for (int run = 0; run <= options.runs; run++) {
        for (boolean on : List.of(true, false)) {
          spark.conf().set(bucketing, Boolean.toString(on));
          Dataset<Row> query = perTile.get();
          java.util.function.LongSupplier body = () -> query.collectAsList().stream().mapToLong(r -> r.getLong(3)).sum();
          if (run == 0) {
            body.getAsLong(); // builds the index beside the file, and warms up
            continue;
          }
          c.points(run, on ? TILES_NO_EXCHANGE : TILES_EXCHANGE, 2, points, body);
          org.apache.spark.sql.execution.SparkPlan plan = query.queryExecution().executedPlan();
          c.value(run, on ? TILES_NO_EXCHANGE : TILES_EXCHANGE, 2, "exchanges", "exchanges", hashExchanges(plan));
          if (on) {
            org.apache.spark.sql.execution.SparkPlan scan = batchScan(plan);
            c.value(run, TILES_NO_EXCHANGE, 2, "decode_amplification", "x",
                scan.metrics().get("dataplugPointsDecoded").get().value() / (double) points);
            c.value(run, TILES_NO_EXCHANGE, 2, "partitions", "partitions",
                query.queryExecution().toRdd().getNumPartitions());
          }
        }
      }
    } finally {
      spark.conf().unset(bucketing);
    }
  }

  /** Shuffle exchanges in an executed plan, adaptive or not. */
  private static int hashExchanges(org.apache.spark.sql.execution.SparkPlan plan) {
    plan = unwrapped(plan);
    int own = plan instanceof org.apache.spark.sql.execution.exchange.ShuffleExchangeExec ? 1 : 0;
    for (org.apache.spark.sql.execution.SparkPlan child : scala.collection.JavaConverters.seqAsJavaList(plan.children())) {
      own += hashExchanges(child);
    }
    return own;
  }

  private static org.apache.spark.sql.execution.SparkPlan batchScan(org.apache.spark.sql.execution.SparkPlan plan) {
    plan = unwrapped(plan);
    if (plan.nodeName().contains("BatchScan")) {
      return plan;
    }
    for (org.apache.spark.sql.execution.SparkPlan child : scala.collection.JavaConverters.seqAsJavaList(plan.children())) {
      try {
        return batchScan(child);
      } catch (IllegalStateException notThere) {
        // another branch
      }
    }
    throw new IllegalStateException("no BatchScan in " + plan);
  }

  /** An adaptive plan's final plan, a query stage's own plan. */
  private static org.apache.spark.sql.execution.SparkPlan unwrapped(org.apache.spark.sql.execution.SparkPlan plan) {
    if (plan instanceof org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec adaptive) {
      return unwrapped(adaptive.executedPlan());
    }
    if (plan instanceof org.apache.spark.sql.execution.adaptive.QueryStageExec stage) {
      return unwrapped(stage.plan());
    }
    return plan;
  }

  /** Sums X, Y and Z ({@code xyz}) or every column of the file ({@code all}); returns the point count. */
  static long lidarColumns(SparkSession spark, String uri, String which) {
    Dataset<Row> points = spark.read().format("dataplug-las").load(uri);
    List<Column> sums = new ArrayList<>();
    for (String name : which.equals("xyz") ? List.of("X", "Y", "Z") : List.of(points.columns())) {
      sums.add(sum(col(name).cast("double")));
    }
    return points.agg(count(lit(1)), sums.toArray(new Column[0])).first().getLong(0);
  }

  static long lidarScan(SparkSession spark, Path file, Map<String, String> readOptions) {
    return lidarScan(spark, file.toString(), readOptions);
  }

  static long lidarScan(SparkSession spark, String uri, Map<String, String> readOptions) {
    Dataset<Row> points = spark.read().format("dataplug-las").options(readOptions).load(uri);
    Row r = points.agg(count(lit(1)), sum(col("X")), sum(col("Y")), sum(col("Z")), sum(col("Intensity")),
        sum(col("Classification")), max(col("GpsTime"))).first();
    return r.getLong(0);
  }

  /** Planning a scan of many small indexed FASTQ.gz files on the driver (10,000; 200 in smoke mode). */
  private void planning(CaseRun c) throws Exception {
    int files = options.smoke ? 200 : 10_000;
    Path dir = work.resolve("many");
    Files.createDirectories(dir);
    long total = 0;
    for (int i = 0; i < files; i++) {
      byte[] gz = GzipWriters.singleMember(FastqGenerator.generate(1000 + i, 1500, false, 0), 6);
      Files.write(dir.resolve(String.format("lane-%05d.fastq.gz", i)), gz);
      total += gz.length;
    }
    c.input(String.format("%,d FASTQ.gz files", files), total);
    SparkSession spark = spark(2);
    long start = System.nanoTime();
    long counted = spark.read().format("dataplug-fastqgz").load(dir.toString()).count();
    c.value(1, "dataplug: build every index in Spark tasks + count()", 2, "seconds", "s",
        (System.nanoTime() - start) / 1e9);
    long indexes;
    try (Stream<Path> list = Files.list(dir)) {
      indexes = list.filter(p -> p.getFileName().toString().endsWith(SidecarIndexes.SUFFIX)).count();
    }
    if (indexes != files || counted <= 0) {
      throw new IllegalStateException(indexes + " indexes for " + files + " files, count " + counted);
    }
    int[] partitions = new int[1];
    for (int run = 1; run <= options.runs; run++) {
      c.seconds(run, "dataplug", 2, () -> partitions[0] = spark.read().format("dataplug-fastqgz")
          .option("index", "require").load(dir.toString()).rdd().getNumPartitions());
    }
    c.value(1, "dataplug", 2, "partitions", "partitions", partitions[0]);
    deleteRecursively(dir);
  }

  /** The rows of one case, with the input it measured. */
  static final class CaseRun {
    interface Body {
      void run() throws Exception;
    }

    final String id;
    final List<Results.Row> rows = new ArrayList<>();
    private String input = "";
    private long inputBytes;

    CaseRun(String id) {
      this.id = id;
    }

    void input(String label, long bytes) {
      this.input = label.replace(',', ' ');
      this.inputBytes = bytes;
    }

    void seconds(int run, String tool, int cores, Body body) throws Exception {
      long start = System.nanoTime();
      body.run();
      double seconds = (System.nanoTime() - start) / 1e9;
      value(run, tool, cores, "seconds", "s", seconds);
      System.out.printf("   run %d  %-45s %2d core(s)  %8.2f s%n", run, tool, cores, seconds);
    }

    void points(int run, String tool, int cores, long points, java.util.function.LongSupplier body) {
      long start = System.nanoTime();
      long read = body.getAsLong();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (read != points) {
        throw new IllegalStateException(tool + " read " + read + " points, want " + points);
      }
      value(run, tool, cores, "seconds", "s", seconds);
      value(run, tool, cores, "points_per_second", "Mpoints/s", points / seconds / 1e6);
      System.out.printf("   run %d  %-45s %2d core(s)  %8.2f s%n", run, tool, cores, seconds);
    }

    void value(int run, String tool, int cores, String metric, String unit, double value) {
      rows.add(new Results.Row(id, tool.replace(',', ' '), metric, unit, run, value, input, inputBytes, cores));
    }
  }
}
