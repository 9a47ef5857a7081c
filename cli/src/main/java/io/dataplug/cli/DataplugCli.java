package io.dataplug.cli;

import io.dataplug.formats.fastq.FastqDatasetPlanner;
import io.dataplug.formats.las.LasFileInfo;
import io.dataplug.formats.las.LidarDatasetPlanner;
import io.dataplug.formats.las.LidarIndex;
import io.dataplug.formats.las.LidarIndexBuilder;
import io.dataplug.formats.las.LidarSlice;
import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.storage.HadoopBlobStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * bin/dataplug: build indexes, show plans, scan and convert FASTQ and LAS/LAZ files with a local Spark (or
 * {@code --master}). LAS/LAZ input is recognised by its content (the LASF signature).
 */
public final class DataplugCli {
  /** What opening one more file counts for when packing partitions: Spark's default openCostInBytes. */
  private static final long OPEN_COST = 4L << 20;
  static final String USAGE = String.join("\n",
      "usage: bin/dataplug COMMAND [options] PATH...",
      "",
      "commands:",
      "  index PATH...     build or refresh the sidecar indexes (progress on stderr); print checkpoints, size, speed",
      "  plan PATH...      print the slices each partition would read",
      "  scan PATH...      read every record; print one JSON line: records, partitions, per-partition counts, seconds",
      "  convert PATH...   --to parquet|json|csv --out DIR: write the records as columnar (or text) data",
      "  demo              index, plan, scan and convert the bundled real samples (testdata/fastq, testdata/laz)",
      "",
      "options:",
      "  --partitions N          target partition count (not with --split-size)",
      "  --split-size SIZE       uncompressed bytes per partition, e.g. 128m (default 128m)",
      "  --checkpoint-span SIZE  uncompressed bytes between index checkpoints (default 8m)",
      "  --index MODE            auto (default) | require | rebuild",
      "  --index-location URI    keep indexes under this prefix instead of beside the files",
      "  --tile-size N           LAS/LAZ: plan one partition per square tile of this side",
      "  --block-points N        LAS: records per index block (default 50000)",
      "  --master URL            Spark master (default local[*])",
      "  --to FORMAT, --out DIR  for convert",
      "  --conf KEY=VALUE        a Spark or Hadoop (spark.hadoop.*) setting; repeatable");

  private final PrintStream out;
  private final PrintStream err;

  DataplugCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    int status;
    try {
      status = new DataplugCli(System.out, System.err).run(args);
    } catch (IllegalArgumentException e) {
      System.err.println("dataplug: " + e.getMessage());
      System.err.println();
      System.err.println(USAGE);
      status = 2;
    } catch (Exception e) {
      System.err.println("dataplug: " + rootMessage(e));
      status = 1;
    }
    System.exit(status);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (caused by " + t + ")";
  }

  /** Parsed command line. */
  static final class Args {
    String command;
    final List<String> paths = new ArrayList<>();
    final Map<String, String> options = new LinkedHashMap<>();
    final Map<String, String> conf = new LinkedHashMap<>();

    static Args parse(String[] argv) {
      Args a = new Args();
      if (argv.length == 0) {
        throw new IllegalArgumentException("no command given");
      }
      a.command = argv[0];
      for (int i = 1; i < argv.length; i++) {
        String arg = argv[i];
        if (arg.startsWith("--")) {
          String key = arg.substring(2);
          String value;
          int eq = key.indexOf('=');
          if (eq >= 0) {
            value = key.substring(eq + 1);
            key = key.substring(0, eq);
          } else if (i + 1 < argv.length) {
            value = argv[++i];
          } else {
            throw new IllegalArgumentException("option --" + key + " needs a value");
          }
          if (key.equals("conf")) {
            int sep = value.indexOf('=');
            if (sep <= 0) {
              throw new IllegalArgumentException("--conf wants KEY=VALUE, got " + value);
            }
            a.conf.put(value.substring(0, sep), value.substring(sep + 1));
          } else if (List.of("partitions", "split-size", "checkpoint-span", "index", "index-location", "master",
              "to", "out", "tile-size", "block-points").contains(key)) {
            a.options.put(key, value);
          } else {
            throw new IllegalArgumentException("unknown option --" + key);
          }
        } else {
          a.paths.add(arg);
        }
      }
      return a;
    }

    /** The source options these arguments mean. */
    Map<String, String> sourceOptions(boolean lidar) {
      Map<String, String> o = new LinkedHashMap<>();
      copy("partitions", "partitions", o);
      copy("split-size", "splitSize", o);
      copy("index", "index", o);
      copy("index-location", "indexLocation", o);
      if (lidar) {
        copy("tile-size", "tileSize", o);
        copy("block-points", "blockPoints", o);
      } else {
        copy("checkpoint-span", "checkpointSpan", o);
      }
      return o;
    }

    private void copy(String from, String to, Map<String, String> o) {
      if (options.containsKey(from)) {
        o.put(to, options.get(from));
      }
    }
  }

  int run(String[] argv) throws Exception {
    Args args = Args.parse(argv);
    switch (args.command) {
      case "index" -> index(args);
      case "plan" -> plan(args);
      case "scan" -> withSpark(args, spark -> scan(spark, args));
      case "convert" -> withSpark(args, spark -> convert(spark, args));
      case "demo" -> demo(args);
      case "help", "--help", "-h" -> out.println(USAGE);
      default -> throw new IllegalArgumentException("unknown command '" + args.command + "'");
    }
    return 0;
  }

  private static void requirePaths(Args args) {
    if (args.paths.isEmpty()) {
      throw new IllegalArgumentException(args.command + " needs at least one PATH");
    }
  }

  private Configuration hadoopConf(Args args) {
    Configuration conf = new Configuration();
    for (Map.Entry<String, String> e : args.conf.entrySet()) {
      String key = e.getKey().startsWith("spark.hadoop.") ? e.getKey().substring("spark.hadoop.".length()) : e.getKey();
      conf.set(key, e.getValue());
    }
    return conf;
  }

  private static long size(Args args, String key, long fallback) {
    return args.options.containsKey(key) ? JavaUtils.byteStringAsBytes(args.options.get(key).toLowerCase(Locale.ROOT)) : fallback;
  }

  private FastqDatasetPlanner planner(Args args, SidecarIndexes.Mode mode, IndexBuilder.Progress progress) {
    requirePaths(args);
    if (args.options.containsKey("partitions") && args.options.containsKey("split-size")) {
      throw new IllegalArgumentException("give --partitions or --split-size, not both");
    }
    long span = size(args, "checkpoint-span", IndexBuilder.DEFAULT_SPAN);
    FastqDatasetPlanner.Options options = new FastqDatasetPlanner.Options(args.paths, null, false,
        size(args, "split-size", 128L << 20), OPEN_COST,
        args.options.containsKey("partitions") ? Integer.parseInt(args.options.get("partitions")) : 0,
        mode, args.options.get("index-location"), span, args.options.containsKey("checkpoint-span"), false, false, -1);
    return new FastqDatasetPlanner(new HadoopBlobStore(hadoopConf(args)), options, progress);
  }

  private SidecarIndexes.Mode mode(Args args, SidecarIndexes.Mode fallback) {
    return args.options.containsKey("index") ? SidecarIndexes.Mode.parse(args.options.get("index")) : fallback;
  }

  /** Whether the paths hold LAS/LAZ files (the first file starts with the LASF signature). */
  private boolean isLidar(Args args) throws IOException {
    requirePaths(args);
    HadoopBlobStore store = new HadoopBlobStore(hadoopConf(args));
    for (String path : args.paths) {
      for (String file : store.list(path, false)) {
        if (file.endsWith(SidecarIndexes.SUFFIX)) {
          continue;
        }
        try (io.dataplug.formats.storage.Blob blob = store.open(file)) {
          if (blob.length() < 4) {
            return false;
          }
          byte[] magic = new byte[4];
          blob.readFully(0, magic, 0, 4);
          return new String(magic, java.nio.charset.StandardCharsets.US_ASCII).equals("LASF");
        }
      }
    }
    return false;
  }

  private LidarDatasetPlanner lidarPlanner(Args args) {
    if (args.options.containsKey("partitions") && args.options.containsKey("split-size")) {
      throw new IllegalArgumentException("give --partitions or --split-size, not both");
    }
    LidarDatasetPlanner.Options options = new LidarDatasetPlanner.Options(args.paths, null, false,
        size(args, "split-size", 128L << 20), OPEN_COST,
        args.options.containsKey("partitions") ? Integer.parseInt(args.options.get("partitions")) : 0,
        mode(args, SidecarIndexes.Mode.AUTO), args.options.get("index-location"),
        args.options.containsKey("block-points") ? Integer.parseInt(args.options.get("block-points"))
            : LidarIndexBuilder.DEFAULT_BLOCK_POINTS,
        args.options.containsKey("block-points"),
        args.options.containsKey("tile-size") ? Double.parseDouble(args.options.get("tile-size")) : 0, false, -1, false);
    return new LidarDatasetPlanner(new HadoopBlobStore(hadoopConf(args)), options);
  }

  private void indexLidar(Args args) throws IOException {
    LidarDatasetPlanner planner = lidarPlanner(args);
    HadoopBlobStore store = new HadoopBlobStore(hadoopConf(args));
    for (String file : planner.listFiles()) {
      long start = System.nanoTime();
      try (io.dataplug.formats.storage.Blob blob = store.open(file)) {
        LasFileInfo info = LasFileInfo.read(blob);
        LidarIndex index = planner.indexes().loadOrBuild(blob, info);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%s%n  index %s%n  %s, %,d points in %,d %s%n"
                + "  index size %,d bytes = %.3f%% of the file; %.2f s, %.2f million points/s%n",
            file, planner.indexes().indexUriFor(file), info.header(), index.pointCount(), index.blocks().size(),
            info.compressed() ? "chunks" : "blocks of " + index.blockPoints() + " points", index.sizeInBytes(),
            100.0 * index.sizeInBytes() / Math.max(1, blob.length()), seconds, index.pointCount() / 1e6 / seconds);
      }
    }
  }

  private void planLidar(Args args) throws IOException {
    LidarDatasetPlanner.Plan plan = lidarPlanner(args).plan(null);
    out.printf("%d partitions%n", plan.partitions().size());
    for (int i = 0; i < plan.partitions().size(); i++) {
      for (LidarSlice slice : plan.partitions().get(i)) {
        out.printf(Locale.ROOT, "  partition %d: %s: %s%s%n", i, slice.file().uri(), slice.runs().size() <= 4
            ? slice.runs().toString() : slice.runs().size() + " runs, " + slice.points() + " points, " + slice.bytes()
            + " bytes", slice.tile() == null ? "" : ", keeping " + slice.tile());
      }
    }
    out.printf(Locale.ROOT, "%d of %d blocks/chunks planned, %,d of %,d point bytes%n", plan.unitsSelected(),
        plan.unitsTotal(), plan.bytesSelected(), plan.bytesTotal());
  }

  void index(Args args) throws IOException {
    if (isLidar(args)) {
      indexLidar(args);
      return;
    }
    long[] lastReport = {0};
    IndexBuilder.Progress progress = (done, total, produced) -> {
      long now = System.nanoTime();
      if (now - lastReport[0] > 1_000_000_000L || done == total) {
        lastReport[0] = now;
        err.printf(Locale.ROOT, "\rindexing: %5.1f%% of %,d compressed bytes, %,d MiB decoded", 100.0 * done / Math.max(1, total),
            total, produced >> 20);
        if (done == total) {
          err.println();
        }
      }
    };
    FastqDatasetPlanner planner = planner(args, mode(args, SidecarIndexes.Mode.AUTO), progress);
    for (String file : planner.listFiles()) {
      long start = System.nanoTime();
      FastqDatasetPlanner single = planner(withPaths(args, file), mode(args, SidecarIndexes.Mode.AUTO), progress);
      FastqDatasetPlanner.PreparedFile prepared = single.indexAll().get(0);
      double seconds = (System.nanoTime() - start) / 1e9;
      FileIndex index = prepared.index();
      long compressed = index.identity().length();
      out.printf(Locale.ROOT, "%s%n  index %s%n  codec %s, %,d records, %,d uncompressed bytes, %,d checkpoints (span %s)%n"
              + "  index size %,d bytes = %.3f%% of the file; %.2f s, %.1f MB/s compressed, %.1f MB/s uncompressed%n",
          file, prepared.indexUri(), index.codec().name().toLowerCase(Locale.ROOT), index.recordCount(),
          index.uncompressedLength(), index.checkpoints().size(), humanBytes(index.span()),
          index.sizeInBytes(), 100.0 * index.sizeInBytes() / Math.max(1, compressed), seconds,
          compressed / 1e6 / seconds, index.uncompressedLength() / 1e6 / seconds);
    }
  }

  static String humanBytes(long n) {
    if (n >= (1L << 30) && n % (1L << 30) == 0) {
      return (n >> 30) + "g";
    }
    if (n >= (1L << 20) && n % (1L << 20) == 0) {
      return (n >> 20) + "m";
    }
    if (n >= 1024 && n % 1024 == 0) {
      return (n >> 10) + "k";
    }
    return Long.toString(n);
  }

  private static Args withPaths(Args args, String path) {
    Args copy = new Args();
    copy.command = args.command;
    copy.paths.add(path);
    copy.options.putAll(args.options);
    copy.conf.putAll(args.conf);
    return copy;
  }

  void plan(Args args) throws IOException {
    if (isLidar(args)) {
      planLidar(args);
      return;
    }
    FastqDatasetPlanner.Plan plan = planner(args, mode(args, SidecarIndexes.Mode.AUTO), IndexBuilder.Progress.NONE).plan();
    List<List<FileSlice>> partitions = plan.partitions();
    out.printf("%d partitions%n", partitions.size());
    long slices = 0;
    long windowBytes = 0;
    long skipped = 0;
    long maxSkipped = 0;
    for (int i = 0; i < partitions.size(); i++) {
      for (FileSlice slice : partitions.get(i)) {
        out.printf(Locale.ROOT, "  partition %d: %s uncompressed [%d, %d) %s%s%n", i, slice.dataUri(),
            slice.start() == null ? slice.recordOffset() : slice.start().uncompressedOffset(),
            slice.endOffset() == Long.MAX_VALUE ? -1 : slice.endOffset(),
            slice.exact() ? "records " + slice.firstOrdinal() + ".." + (slice.firstOrdinal() + slice.recordCount()) : "(no index)",
            slice.start() != null && slice.start().hasWindow()
                ? String.format(Locale.ROOT, ", resumes at bit %d with a %d-byte window", slice.start().bitOffset(), slice.start().windowLength())
                : "");
        if (slice.start() != null) {
          slices++;
          windowBytes += slice.start().windowLength();
          long skip = slice.recordOffset() - slice.start().uncompressedOffset();
          skipped += skip;
          maxSkipped = Math.max(maxSkipped, skip);
        }
      }
    }
    if (slices > 0) {
      out.printf(Locale.ROOT, "per indexed slice: %.0f index bytes fetched (its window), %.0f bytes decoded before its"
          + " first record (at most %d)%n", (double) windowBytes / slices, (double) skipped / slices, maxSkipped);
    }
  }

  @FunctionalInterface
  interface SparkJob {
    void run(SparkSession spark) throws Exception;
  }

  private void withSpark(Args args, SparkJob job) throws Exception {
    requirePaths(args);
    String master = args.options.getOrDefault("master", "local[*]");
    SparkSession.Builder builder = SparkSession.builder().appName("dataplug " + args.command).master(master)
        .config("spark.ui.showConsoleProgress", "false");
    if (master.startsWith("local")) {
      builder.config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    for (Map.Entry<String, String> e : args.conf.entrySet()) {
      builder.config(e.getKey(), e.getValue());
    }
    SparkSession spark = builder.getOrCreate();
    try {
      job.run(spark);
    } finally {
      spark.stop();
    }
  }

  private DataFrameReader reader(SparkSession spark, Args args) throws IOException {
    boolean lidar = isLidar(args);
    DataFrameReader reader = spark.read().format(lidar ? "dataplug-las" : "dataplug-fastq");
    for (Map.Entry<String, String> e : args.sourceOptions(lidar).entrySet()) {
      reader = reader.option(e.getKey(), e.getValue());
    }
    return reader;
  }

  void scan(SparkSession spark, Args args) throws IOException {
    if (isLidar(args)) {
      scanLidar(spark, args);
      return;
    }
    long start = System.nanoTime();
    Dataset<Row> df = reader(spark, args).load(args.paths.toArray(new String[0]));
    int partitions = df.rdd().getNumPartitions();
    List<Row> rows = df.selectExpr("spark_partition_id() AS p",
            "length(name) + coalesce(length(description), 0) + length(sequence) + length(quality) AS chars",
            "length(sequence) AS bases")
        .groupBy("p").agg(org.apache.spark.sql.functions.count("*"), org.apache.spark.sql.functions.sum("bases"))
        .orderBy("p").collectAsList();
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] perPartition = new long[partitions];
    long records = 0;
    long bases = 0;
    for (Row row : rows) {
      perPartition[row.getInt(0)] = row.getLong(1);
      records += row.getLong(1);
      bases += row.getLong(2);
    }
    StringBuilder json = new StringBuilder();
    json.append("{\"records\":").append(records).append(",\"bases\":").append(bases)
        .append(",\"partitions\":").append(partitions).append(",\"perPartition\":[");
    for (int i = 0; i < partitions; i++) {
      json.append(i == 0 ? "" : ",").append(perPartition[i]);
    }
    json.append("],\"seconds\":").append(String.format(Locale.ROOT, "%.3f", seconds)).append('}');
    out.println(json);
  }

  private void scanLidar(SparkSession spark, Args args) throws IOException {
    long start = System.nanoTime();
    Dataset<Row> df = reader(spark, args).load(args.paths.toArray(new String[0]));
    int partitions = df.rdd().getNumPartitions();
    List<Row> rows = df.selectExpr("spark_partition_id() AS p", "Z")
        .groupBy("p").agg(org.apache.spark.sql.functions.count("*"), org.apache.spark.sql.functions.max("Z"))
        .orderBy("p").collectAsList();
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] perPartition = new long[partitions];
    long points = 0;
    for (Row row : rows) {
      perPartition[row.getInt(0)] = row.getLong(1);
      points += row.getLong(1);
    }
    StringBuilder json = new StringBuilder();
    json.append("{\"points\":").append(points).append(",\"partitions\":").append(partitions).append(",\"perPartition\":[");
    for (int i = 0; i < partitions; i++) {
      json.append(i == 0 ? "" : ",").append(perPartition[i]);
    }
    json.append("],\"seconds\":").append(String.format(Locale.ROOT, "%.3f", seconds)).append('}');
    out.println(json);
  }

  void convert(SparkSession spark, Args args) throws IOException {
    String to = args.options.get("to");
    String dir = args.options.get("out");
    if (to == null || dir == null) {
      throw new IllegalArgumentException("convert needs --to parquet|json|csv and --out DIR");
    }
    if (!List.of("parquet", "json", "csv").contains(to)) {
      throw new IllegalArgumentException("--to must be parquet, json or csv, not " + to);
    }
    long start = System.nanoTime();
    Dataset<Row> df = reader(spark, args).load(args.paths.toArray(new String[0]));
    df.write().mode("overwrite").option("header", "true").format(to).save(dir);
    long written = spark.read().format(to).option("header", "true").load(dir).count();
    out.printf(Locale.ROOT, "{\"records\":%d,\"format\":\"%s\",\"out\":\"%s\",\"seconds\":%.3f}%n", written, to, dir,
        (System.nanoTime() - start) / 1e9);
  }

  /** The README's first command: everything on the bundled sample, with a small span to show several partitions. */
  void demo(Args args) throws Exception {
    Path work = Path.of(args.options.getOrDefault("out", home().resolve("target/demo").toString()));
    Files.createDirectories(work);
    Path sample = work.resolve("ERR127302_1_subset.fastq.gz");
    Path bundled = findBundledSample();
    Files.copy(bundled, sample, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String[] common = {"--checkpoint-span", "256k", "--split-size", "1m"};
    out.println("== dataplug demo on " + bundled + " (copied to " + sample + ")");
    out.println("== index");
    run(concat(new String[] {"index", sample.toString(), "--index", "rebuild"}, common));
    out.println("== plan");
    run(concat(new String[] {"plan", sample.toString()}, common));
    out.println("== scan (local Spark)");
    run(concat(new String[] {"scan", sample.toString()}, common));
    out.println("== convert to Parquet");
    run(concat(new String[] {"convert", sample.toString(), "--to", "parquet", "--out", work.resolve("parquet").toString()}, common));

    Path laz = work.resolve("autzen_trim.laz");
    Files.copy(bundled.getParent().resolveSibling("laz/autzen_trim.laz"), laz, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    out.println("== LiDAR: index " + laz + " (110,000 real points in 3 LAZ chunks)");
    run(new String[] {"index", laz.toString(), "--index", "rebuild"});
    out.println("== LiDAR: plan 200 m tiles");
    run(new String[] {"plan", laz.toString(), "--tile-size", "200"});
    out.println("== LiDAR: scan by chunks (local Spark)");
    run(new String[] {"scan", laz.toString(), "--split-size", "300k"});
  }

  private static Path home() {
    return Path.of(System.getProperty("dataplug.home", "")).toAbsolutePath();
  }

  private static Path findBundledSample() {
    for (Path dir = home(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("testdata/fastq/ERR127302_1_subset.fastq.gz");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("cannot find testdata/fastq/ERR127302_1_subset.fastq.gz: run the demo from the project");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
