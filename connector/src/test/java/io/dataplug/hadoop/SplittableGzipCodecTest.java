package io.dataplug.hadoop;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.fastq.FastqFormat;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.index.IndexMode;
import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.FastqGenerator;
import io.dataplug.formats.testing.GzipWriters;
import io.dataplug.formats.text.LineIndexes;
import io.dataplug.spark.ExternalTools;
import io.dataplug.spark.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's own line readers over indexed .gz files through the codec: every route (file sources V1 and V2,
 * HadoopRDD, NewHadoopRDD) at several split sizes gives exactly the lines of the file, from several splits.
 */
class SplittableGzipCodecTest {
  static final String CODECS = "io.compression.codecs";
  static SparkSession spark;
  @TempDir static Path temp;
  static Path single;
  static Path multi;
  static Path bgzf;
  static Path fastq;

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    byte[] text = lines(7, 40_000);
    single = write("lines.txt.gz", GzipWriters.singleMember(text, 6));
    multi = write("lines-multi.txt.gz", GzipWriters.multiMember(text, 300_000, 6));
    bgzf = write("lines.txt.bgz.gz", GzipWriters.bgzf(text));
    fastq = write("reads.fastq.gz", GzipWriters.singleMember(FastqGenerator.generate(9, 3 << 20, false, 0), 6));
    LocalBlobStore store = new LocalBlobStore();
    for (Path file : List.of(single, multi, bgzf)) {
      try (Blob blob = store.open(file.toString())) {
        LineIndexes.sidecars(store, null, IndexMode.REBUILD, 64 << 10).loadOrBuild(blob);
      }
    }
    // A FASTQ index serves too: its records start at line starts.
    try (Blob blob = store.open(fastq.toString())) {
      new SidecarIndexes(store, null, IndexMode.REBUILD, 64 << 10, true, FastqFormat.NAME, new FastqFormat()::scanner,
          IndexBuilder.Progress.NONE).loadOrBuild(blob);
    }
  }

  @AfterEach
  void resetConf() {
    spark.conf().unset("spark.sql.files.maxPartitionBytes");
    spark.conf().unset("spark.sql.sources.useV1SourceList");
    spark.sparkContext().hadoopConfiguration().unset(CODECS);
  }

  static Path write(String name, byte[] bytes) throws IOException {
    return Files.write(temp.resolve(name), bytes);
  }

  /** Lines of 0 to 300 characters, some empty, seeded. */
  static byte[] lines(long seed, int count) {
    Random random = new Random(seed);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      int length = random.nextInt(10) == 0 ? 0 : random.nextInt(300);
      out.append(i).append(':');
      for (int k = 0; k < length; k++) {
        out.append((char) ('a' + random.nextInt(26)));
      }
      out.append('\n');
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] csv(long seed, int rows) {
    Random random = new Random(seed);
    StringBuilder out = new StringBuilder("id,name,score\n");
    for (int i = 0; i < rows; i++) {
      out.append(i).append(",n").append(random.nextInt(1_000_000)).append(',').append(random.nextDouble()).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The file's lines as {@code gzip -dc} gives them (not the JDK's GZIPInputStream: BUILD.md's multi-member caveat). */
  static List<String> gunzipLines(Path file) throws Exception {
    Process gzip = new ProcessBuilder("gzip", "-dc", file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = gzip.getInputStream()) {
      in.transferTo(out);
    }
    assertThat(gzip.waitFor()).as("gzip -dc %s", file).isZero();
    String all = out.toString(StandardCharsets.US_ASCII);
    List<String> lines = new ArrayList<>(List.of(all.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  /** How many partitions returned rows: more than one only when the file was really split. */
  static long partitionsWithRows(Dataset<Row> df) {
    return df.select(org.apache.spark.sql.functions.spark_partition_id()).distinct().count();
  }

  static List<String> strings(Dataset<Row> df) {
    return df.collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  @Test
  void fileSourcesSplitIndexedFilesAtEveryPartitionSize() throws Exception {
    for (Path file : List.of(single, multi, bgzf, fastq)) {
      List<String> want = gunzipLines(file);
      for (String maxPartitionBytes : new String[] {"64k", "1m", "1g"}) {
        for (String v1 : new String[] {"text", ""}) {
          spark.conf().set("spark.sql.files.maxPartitionBytes", maxPartitionBytes);
          spark.conf().set("spark.sql.sources.useV1SourceList", v1);
          Dataset<Row> df = spark.read().option(CODECS, SplittableGzipCodec.class.getName()).text(file.toString());
          String what = file.getFileName() + " maxPartitionBytes " + maxPartitionBytes + (v1.isEmpty() ? " V2" : " V1");
          long splitBytes = maxPartitionBytes.equals("64k") ? 64 << 10 : maxPartitionBytes.equals("1m") ? 1 << 20 : 1L << 30;
          assertThat(df.rdd().getNumPartitions()).as("%s partitions", what)
              .isGreaterThanOrEqualTo((int) Math.min(3, 1 + Files.size(file) / splitBytes));
          assertThat(strings(df)).as(what).isEqualTo(want);
          if (maxPartitionBytes.equals("64k")) {
            assertThat(partitionsWithRows(df)).as("%s: partitions that read lines", what).isGreaterThan(2);
          }
        }
      }
    }
  }

  /** JSON lines of the same shape as {@link #csv}, seeded. */
  static byte[] jsonLines(long seed, int rows) {
    Random random = new Random(seed);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      out.append("{\"id\":").append(i).append(",\"name\":\"n").append(random.nextInt(1_000_000))
          .append("\",\"score\":").append(random.nextDouble()).append("}\n");
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The same bytes as a single-member, a multi-member and a BGZF .gz, each with a text index. */
  static List<Path> threeLayouts(String name, byte[] bytes) throws IOException {
    List<Path> files = List.of(write(name + ".gz", GzipWriters.singleMember(bytes, 6)),
        write("multi-" + name + ".gz", GzipWriters.multiMember(bytes, 200_000, 6)),
        write("bgzf-" + name + ".gz", GzipWriters.bgzf(bytes)));
    LocalBlobStore store = new LocalBlobStore();
    for (Path file : files) {
      try (Blob blob = store.open(file.toString())) {
        LineIndexes.sidecars(store, null, IndexMode.REBUILD, 32 << 10).loadOrBuild(blob);
      }
    }
    return files;
  }

  @Test
  void csvWithHeaderAndJsonLinesGiveTheRowsOfAnUnsplitRead() throws Exception {
    List<Path> csvFiles = threeLayouts("table-3.csv", csv(8, 30_000));
    List<Path> jsonFiles = threeLayouts("rows-3.json", jsonLines(9, 30_000));
    for (String maxPartitionBytes : new String[] {"64k", "1m", "1g"}) {
      spark.conf().set("spark.sql.files.maxPartitionBytes", maxPartitionBytes);
      for (Path file : csvFiles) {
        String what = file.getFileName() + " maxPartitionBytes " + maxPartitionBytes;
        Dataset<Row> plain = spark.read().option("header", "true").csv(file.toString());
        Dataset<Row> split = spark.read().option("header", "true")
            .option(CODECS, SplittableGzipCodec.class.getName()).csv(file.toString());
        assertThat(plain.rdd().getNumPartitions()).isEqualTo(1);
        assertThat(split.collectAsList()).as(what).isEqualTo(plain.collectAsList()).hasSize(30_000);
        if (maxPartitionBytes.equals("64k")) {
          assertThat(partitionsWithRows(split)).as("%s: partitions that read rows", what).isGreaterThan(2);
        }
      }
      for (Path file : jsonFiles) {
        String what = file.getFileName() + " maxPartitionBytes " + maxPartitionBytes;
        Dataset<Row> plain = spark.read().json(file.toString());
        Dataset<Row> split = spark.read().option(CODECS, SplittableGzipCodec.class.getName()).json(file.toString());
        assertThat(split.collectAsList()).as(what).isEqualTo(plain.collectAsList()).hasSize(30_000);
        if (maxPartitionBytes.equals("64k")) {
          assertThat(partitionsWithRows(split)).as("%s: partitions that read rows", what).isGreaterThan(2);
        }
      }
    }
  }

  @Test
  void hadoopRddAndNewHadoopRddSplitToo() throws Exception {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    conf.set(CODECS, SplittableGzipCodec.class.getName());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    for (Path file : List.of(single, multi)) {
      List<String> want = gunzipLines(file);
      var old = jsc.textFile(file.toString(), 16);
      assertThat(old.getNumPartitions()).isGreaterThan(2);
      assertThat(old.collect()).as("HadoopRDD %s", file.getFileName()).isEqualTo(want);
      assertThat(old.mapPartitions(it -> List.of(it.hasNext() ? 1 : 0).iterator()).collect().stream()
          .mapToInt(Integer::intValue).sum()).as("HadoopRDD partitions that read lines").isGreaterThan(2);
      Configuration small = new Configuration(conf);
      small.setLong("mapreduce.input.fileinputformat.split.maxsize", 64 << 10);
      var newer = jsc.newAPIHadoopFile(file.toString(), TextInputFormat.class, LongWritable.class, Text.class, small);
      assertThat(newer.getNumPartitions()).isGreaterThan(2);
      assertThat(newer.map(pair -> pair._2().toString()).collect()).as("NewHadoopRDD %s", file.getFileName())
          .isEqualTo(want);
      assertThat(newer.mapPartitions(it -> List.of(it.hasNext() ? 1 : 0).iterator()).collect().stream()
          .mapToInt(Integer::intValue).sum()).as("NewHadoopRDD partitions that read lines").isGreaterThan(2);
    }
  }

  @Test
  void aCustomLineSeparatorReadsAsWithoutAnIndex() throws Exception {
    // Records end at ';' and hold newlines, so the index's line starts are no record starts.
    byte[] text = new String(lines(13, 20_000), StandardCharsets.US_ASCII).replace(":", ";").replace("\n\n", "\n;")
        .getBytes(StandardCharsets.US_ASCII);
    Path semicolons = write("semicolons.txt.gz", GzipWriters.singleMember(text, 6));
    try (Blob blob = new LocalBlobStore().open(semicolons.toString())) {
      LineIndexes.sidecars(new LocalBlobStore(), null, IndexMode.REBUILD, 64 << 10).loadOrBuild(blob);
    }
    spark.conf().set("spark.sql.files.maxPartitionBytes", "64k");
    List<String> plain = strings(spark.read().option("lineSep", ";").text(semicolons.toString()));
    Dataset<Row> df = spark.read().option("lineSep", ";").option(CODECS, SplittableGzipCodec.class.getName())
        .text(semicolons.toString());
    assertThat(df.rdd().getNumPartitions()).isGreaterThan(2);
    assertThat(strings(df)).isEqualTo(plain).hasSizeGreaterThan(20_000);
    assertThat(partitionsWithRows(df)).isEqualTo(1);
  }

  @Test
  void anIndexOfOtherBytesIsIgnoredOrAnErrorNeverWrongRows() throws Exception {
    Path changed = write("changed.txt.gz", GzipWriters.singleMember(lines(14, 20_000), 6));
    try (Blob blob = new LocalBlobStore().open(changed.toString())) {
      LineIndexes.sidecars(new LocalBlobStore(), null, IndexMode.REBUILD, 64 << 10).loadOrBuild(blob);
    }
    Files.write(changed, GzipWriters.singleMember(lines(15, 20_000), 6));
    spark.conf().set("spark.sql.files.maxPartitionBytes", "64k");
    Dataset<Row> off = spark.read().option(CODECS, SplittableGzipCodec.class.getName()).text(changed.toString());
    assertThat(strings(off)).as("index=off: the stale index is not used").isEqualTo(gunzipLines(changed));
    Throwable required = org.assertj.core.api.Assertions.catchThrowable(() -> spark.read()
        .option(CODECS, SplittableGzipCodec.class.getName()).option(SplittableGzipCodec.INDEX, "require")
        .text(changed.toString()).count());
    StringBuilder messages = new StringBuilder();
    for (Throwable t = required; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    assertThat(messages.toString()).contains("changed.txt.gz").contains("index=require");
  }

  @Test
  void withoutAnIndexTheFirstSplitReadsTheWholeFile() throws Exception {
    Path bare = write("bare.txt.gz", GzipWriters.singleMember(lines(11, 5_000), 6));
    spark.conf().set("spark.sql.files.maxPartitionBytes", "64k");
    Dataset<Row> df = spark.read().option(CODECS, SplittableGzipCodec.class.getName()).text(bare.toString());
    assertThat(df.rdd().getNumPartitions()).isGreaterThan(2);
    assertThat(strings(df)).isEqualTo(gunzipLines(bare));
    assertThat(partitionsWithRows(df)).isEqualTo(1);
    assertThat(Files.exists(temp.resolve(".bare.txt.gz.dpidx"))).as("off never builds").isFalse();
  }

  @Test
  void autoBuildsTheIndexAndAGzipWriteStillWorks() throws Exception {
    Path built = write("built.txt.gz", GzipWriters.singleMember(lines(12, 20_000), 6));
    spark.conf().set("spark.sql.files.maxPartitionBytes", "64k");
    Dataset<Row> df = spark.read().option(CODECS, SplittableGzipCodec.class.getName())
        .option(SplittableGzipCodec.INDEX, "auto").option(SplittableGzipCodec.CHECKPOINT_SPAN, "64k")
        .text(built.toString());
    assertThat(strings(df)).isEqualTo(gunzipLines(built));
    assertThat(partitionsWithRows(df)).isGreaterThan(2);
    assertThat(Files.exists(temp.resolve(".built.txt.gz.dpidx"))).isTrue();

    Path out = temp.resolve("written");
    df.write().option(CODECS, SplittableGzipCodec.class.getName()).option("compression", "gzip").text(out.toString());
    List<String> back = new ArrayList<>();
    try (var parts = Files.list(out)) {
      for (Path part : parts.filter(p -> p.getFileName().toString().endsWith(".txt.gz")).sorted().toList()) {
        back.addAll(gunzipLines(part));
      }
    }
    assertThat(back).containsExactlyInAnyOrderElementsOf(gunzipLines(built));
  }

  /** Copies a file into a folder of its own, where an index tool writes its index beside it. */
  static Path alone(String folder, Path file) throws IOException {
    Path dir = Files.createDirectories(temp.resolve(folder));
    return Files.copy(file, dir.resolve(file.getFileName()));
  }

  /** Indexes {@code file} with a tool: gztool (Debian), indexed_gzip or rapidgzip (PyPI), points about 256 KiB to 1 MiB apart. */
  static void indexWith(String tool, Path file) throws Exception {
    String name = file.toString();
    switch (tool) {
      case "gztool" -> ExternalTools.run(List.of("gztool", "-s", "1", "-i", name), 120);
      case "indexed_gzip" -> ExternalTools.run(List.of(ExternalTools.venv("python"), "-c", "import indexed_gzip, sys\n"
          + "f = indexed_gzip.IndexedGzipFile(sys.argv[1], spacing=256 * 1024)\nf.build_full_index()\n"
          + "f.export_index(sys.argv[1] + '.gzidx')\n", name), 120);
      case "rapidgzip" -> ExternalTools.run(List.of(ExternalTools.venv("rapidgzip"), "-d", "-f", "-P", "2",
          "--chunk-size", "512", "--export-index", name + ".gzidx", "-o", "/dev/null", name), 120);
      default -> throw new IllegalArgumentException(tool);
    }
  }

  @Test
  void indexesMadeByGztoolIndexedGzipAndRapidgzipSplitTextCsvAndJson() throws Exception {
    ExternalTools.setUpVenv();
    byte[] text = lines(21, 30_000);
    Path singleText = write("tools.txt.gz", GzipWriters.singleMember(text, 6));
    Path multiText = write("tools-multi.txt.gz", GzipWriters.multiMember(text, 700_000, 6));
    Path table = write("tools.csv.gz", GzipWriters.singleMember(csv(22, 120_000), 6));
    Path json = write("tools.json.gz", GzipWriters.singleMember(jsonLines(26, 120_000), 6));
    Dataset<Row> csvPlain = spark.read().option("header", "true").csv(table.toString());
    Dataset<Row> jsonPlain = spark.read().json(json.toString());
    for (String tool : List.of("gztool", "indexed_gzip", "rapidgzip")) {
      for (Path source : List.of(singleText, multiText)) {
        Path file = alone(tool + "-" + source.getFileName(), source);
        indexWith(tool, file);
        List<String> want = gunzipLines(file);
        for (String maxPartitionBytes : new String[] {"64k", "1m", "1g"}) {
          spark.conf().set("spark.sql.files.maxPartitionBytes", maxPartitionBytes);
          Dataset<Row> df = spark.read().option(CODECS, SplittableGzipCodec.class.getName()).text(file.toString());
          String what = tool + " " + file.getFileName() + " maxPartitionBytes " + maxPartitionBytes;
          assertThat(strings(df)).as(what).isEqualTo(want);
          if (maxPartitionBytes.equals("64k")) {
            assertThat(partitionsWithRows(df)).as("%s: partitions that read lines", what).isGreaterThan(2);
          }
        }
      }
      spark.conf().set("spark.sql.files.maxPartitionBytes", "64k");
      Path csvFile = alone(tool + "-csv", table);
      indexWith(tool, csvFile);
      Dataset<Row> csvSplit = spark.read().option("header", "true").option(CODECS, SplittableGzipCodec.class.getName())
          .csv(csvFile.toString());
      assertThat(csvSplit.collectAsList()).as("%s csv", tool).isEqualTo(csvPlain.collectAsList());
      assertThat(partitionsWithRows(csvSplit)).as("%s csv partitions that read rows", tool).isGreaterThan(2);
      Path jsonFile = alone(tool + "-json", json);
      indexWith(tool, jsonFile);
      Dataset<Row> jsonSplit = spark.read().option(CODECS, SplittableGzipCodec.class.getName()).json(jsonFile.toString());
      assertThat(jsonSplit.collectAsList()).as("%s json", tool).isEqualTo(jsonPlain.collectAsList());
      assertThat(partitionsWithRows(jsonSplit)).as("%s json partitions that read rows", tool).isGreaterThan(2);
    }
  }

  @Test
  void aGztoolIndexOfAnotherFileFailsTheJobNamingItNeverWrongRows() throws Exception {
    Path file = alone("gztool-stale", write("stale.txt.gz", GzipWriters.singleMember(lines(23, 30_000), 6)));
    indexWith("gztool", file);
    Files.write(file, GzipWriters.singleMember(lines(24, 30_000), 6));
    spark.conf().set("spark.sql.files.maxPartitionBytes", "64k");
    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> spark.read()
        .option(CODECS, SplittableGzipCodec.class.getName()).text(file.toString()).collectAsList());
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    assertThat(messages.toString()).contains("stale.txt.gzi (gztool index) does not match").contains("remove it");
  }

  /** What {@code bin/dataplug index --export} writes, the tools themselves read: each decodes from a late point. */
  @Test
  void exportedIndexesAreReadByGztoolIndexedGzipAndRapidgzip() throws Exception {
    ExternalTools.setUpVenv();
    byte[] text = lines(25, 30_000);
    for (String layout : List.of("single", "multi")) {
      Path file = alone("export-" + layout, write("export-" + layout + ".txt.gz",
          layout.equals("single") ? GzipWriters.singleMember(text, 6) : GzipWriters.multiMember(text, 700_000, 6)));
      LocalBlobStore store = new LocalBlobStore();
      try (Blob blob = store.open(file.toString())) {
        SidecarIndexes indexes = LineIndexes.sidecars(store, null, IndexMode.REBUILD, 256 << 10);
        var index = indexes.loadOrBuild(blob);
        for (String kind : List.of("gztool", "gzidx")) {
          io.dataplug.formats.gzip.interop.InteropIndexes.export(store, blob, index, indexes.indexUriFor(file.toString()),
              kind, io.dataplug.formats.gzip.interop.InteropIndexes.exportUri(file.toString(), kind));
        }
      }
      Path gztoolIndex = file.resolveSibling(file.getFileName().toString().replace(".gz", ".gzi"));
      Path gzidx = file.resolveSibling(file.getFileName() + ".gzidx");
      long from = text.length - 300_000;
      String tail = new String(text, (int) from, text.length - (int) from, StandardCharsets.US_ASCII);
      assertThat(ExternalTools.run(List.of("gztool", "-I", gztoolIndex.toString(), "-b", Long.toString(from),
          file.toString()), 120)).as("gztool -b with our %s index", layout).isEqualTo(tail);
      for (Path index : List.of(gztoolIndex, gzidx)) {
        Path out = temp.resolve("rapidgzip-" + index.getFileName() + ".out");
        ExternalTools.run(List.of(ExternalTools.venv("rapidgzip"), "-d", "-f", "-P", "2", "--import-index",
            index.toString(), "-o", out.toString(), file.toString()), 120);
        assertThat(Files.readAllBytes(out)).as("rapidgzip with our %s", index.getFileName()).isEqualTo(text);
      }
      String python = "import indexed_gzip, sys\n"
          + "f = indexed_gzip.IndexedGzipFile(sys.argv[1], index_file=sys.argv[2])\n"
          + "f.seek(int(sys.argv[3]))\nsys.stdout.write(f.read().decode('ascii'))\n";
      assertThat(ExternalTools.run(List.of(ExternalTools.venv("python"), "-c", python, file.toString(),
          gzidx.toString(), Long.toString(from)), 120)).as("indexed_gzip with our %s index", layout).isEqualTo(tail);
    }
  }

  @Test
  void bgzfSplitsByBlockWithoutAnIndex() throws Exception {
    Path file = alone("bgzf-bare", bgzf);
    spark.conf().set("spark.sql.files.maxPartitionBytes", "64k");
    Dataset<Row> df = spark.read().option(CODECS, SplittableGzipCodec.class.getName()).text(file.toString());
    assertThat(strings(df)).isEqualTo(gunzipLines(file));
    assertThat(partitionsWithRows(df)).isGreaterThan(2);
  }
}
