package io.dataplug.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.testing.FastqGenerator;
import io.dataplug.formats.testing.GzipWriters;
import io.dataplug.formats.testing.ReferenceFastq;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The core contract through Spark: at every partitioning, the union of all partitions equals a sequential
 * reference read, record for record. Records are compared as digests per block of ordinals, computed on the
 * executors, so hundreds of MB never travel to the driver.
 */
class FastqEquivalenceTest {
  static final Path REAL = Path.of("../testdata/fastq");
  static final long BLOCK = 100_000;
  static final long SPAN = 1 << 20;
  @TempDir static Path temp;
  static SparkSession spark;
  static Path bigPlain;
  static Map<Long, long[]> bigReference;

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    bigPlain = temp.resolve("big.fastq");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(bigPlain), 1 << 20)) {
      new FastqGenerator(20261122, false, 0).writeUntil(out, 200L << 20);
    }
    try (InputStream in = Files.newInputStream(bigPlain)) {
      bigReference = referenceDigests(in);
    }
  }

  /** Count and sum of (xxhash64 of the record and its ordinal) >>> 24, per block of BLOCK ordinals. */
  static Map<Long, long[]> referenceDigests(InputStream in) throws IOException {
    Map<Long, long[]> digests = new TreeMap<>();
    long[] ordinal = {0};
    ReferenceFastq.stream(in, (name, description, sequence, quality) -> {
      long h = 42;
      h = hash(name, h);
      if (description != null) {
        h = hash(description, h);
      }
      h = hash(sequence, h);
      h = hash(quality, h);
      h = XXH64.hashLong(ordinal[0], h);
      long[] d = digests.computeIfAbsent(ordinal[0] / BLOCK, k -> new long[2]);
      d[0]++;
      d[1] += h >>> 24;
      ordinal[0]++;
    });
    return digests;
  }

  static long hash(String s, long seed) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return XXH64.hashUnsafeBytes(b, Platform.BYTE_ARRAY_OFFSET, b.length, seed);
  }

  static Map<Long, long[]> sparkDigests(Dataset<Row> df) {
    Dataset<Row> blocks = df
        .withColumn("h", shiftrightunsigned(xxhash64(col("name"), col("description"), col("sequence"),
            col("quality"), col("ordinal")), 24))
        .groupBy(floor(col("ordinal").divide(BLOCK)).as("block"))
        .agg(count("*").as("n"), sum("h").as("s"));
    Map<Long, long[]> out = new TreeMap<>();
    for (Row row : blocks.collectAsList()) {
      out.put(row.getLong(0), new long[] {row.getLong(1), row.getLong(2)});
    }
    return out;
  }

  static void assertSameDigests(Map<Long, long[]> got, Map<Long, long[]> want, String what) {
    assertThat(got.keySet()).as(what).isEqualTo(want.keySet());
    for (Long block : want.keySet()) {
      assertThat(got.get(block)).as("%s, ordinals %d..", what, block * BLOCK).containsExactly(want.get(block));
    }
  }

  static Dataset<Row> read(Path file, String option, String value) {
    return spark.read().format("dataplug-fastqgz")
        .option("includeOrdinal", "true")
        .option("checkpointSpan", Long.toString(SPAN))
        .option("indexBuild", "parallel")
        .option(option, value)
        .load(file.toString());
  }

  static void assertEveryPartitioningMatches(Path file, Map<Long, long[]> reference) {
    for (String partitions : new String[] {"1", "2", "7", "64"}) {
      Dataset<Row> df = read(file, "partitions", partitions);
      int expected = Integer.parseInt(partitions);
      assertThat(df.rdd().getNumPartitions()).as("partitions for %s", partitions)
          .isEqualTo(expected);
      assertSameDigests(sparkDigests(df), reference, file.getFileName() + " partitions=" + partitions);
    }
    Dataset<Row> oneSpan = read(file, "splitSize", Long.toString(SPAN));
    assertThat(oneSpan.rdd().getNumPartitions()).isGreaterThan(100);
    assertSameDigests(sparkDigests(oneSpan), reference, file.getFileName() + " splitSize=one span");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"single", "multi", "bgzf"})
  void generated200MegabytesEqualSequentialRead(String kind) throws Exception {
    Path file = temp.resolve("big-" + kind + (kind.equals("bgzf") ? ".fastq.bgz" : ".fastq.gz"));
    byte[] data = Files.readAllBytes(bigPlain);
    byte[] compressed = switch (kind) {
      case "single" -> GzipWriters.singleMember(data, 6);
      case "multi" -> GzipWriters.multiMember(data, 9_000_000, 6);
      default -> GzipWriters.bgzf(data);
    };
    data = null;
    Files.write(file, compressed);
    List<String> jobs = TestSpark.jobsDuring(() -> assertEveryPartitioningMatches(file, bigReference));
    if (kind.equals("bgzf")) {
      assertThat(jobs).noneMatch(job -> job.startsWith("dataplug: find deflate blocks"));
    } else {
      // The first read built the index in parallel: chunks of half a span each, then their records.
      int chunks = (int) ((compressed.length + SPAN / 2 - 1) / (SPAN / 2));
      assertThat(jobs).anyMatch(job -> job.startsWith("dataplug: find deflate blocks in " + chunks + " chunks of ")
          && job.endsWith(file.getFileName() + " / " + chunks + " tasks"));
      assertThat(jobs).anyMatch(job -> job.startsWith("dataplug: index ") && job.contains(file.getFileName() + " / "));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"tricky.fastq", "example_dos.fastq", "multiblock.fastq.gz", "fastq_sample1.fq.bgz",
      "ERR127302_1_subset.fastq.gz", "5k-30BB2AAXX.3.aligned.sam.fastq"})
  void realFilesEqualSequentialRead(String name) throws Exception {
    Path dir = Files.createDirectories(temp.resolve("real-" + name));
    Path file = Files.copy(REAL.resolve(name), dir.resolve(name));
    Map<Long, long[]> reference;
    try (InputStream in = name.endsWith("gz") ? gunzip(file) : Files.newInputStream(file)) {
      reference = referenceDigests(in);
    }
    for (String span : new String[] {"4k", "64k"}) {
      for (String split : new String[] {"1", span, "100m"}) {
        Dataset<Row> df = spark.read().format("dataplug-fastq")
            .option("includeOrdinal", "true").option("checkpointSpan", span).option("splitSize", split)
            .option("index", "rebuild")
            .load(file.toString());
        assertSameDigests(sparkDigests(df), reference, name + " span " + span + " split " + split);
      }
    }
  }

  /** An independent reader: the gzip tool, not this project's decoder nor the JDK's. */
  static InputStream gunzip(Path file) throws IOException {
    return new ProcessBuilder("gzip", "-dc", file.toString()).start().getInputStream();
  }

  @Test
  void plainFastqWithoutIndexSplitsOnVerifiedRecordStarts() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("plain"));
    Path file = Files.copy(bigPlain, dir.resolve("big.fastq"));
    Dataset<Row> df = spark.read().format("dataplug-fastq").option("splitSize", "16m").load(file.toString());
    assertThat(df.rdd().getNumPartitions()).isGreaterThan(10);
    // Without an index there are no ordinals: compare the multiset of record digests instead.
    Row got = df.select(shiftrightunsigned(xxhash64(col("name"), col("description"), col("sequence"),
        col("quality")), 24).as("h")).agg(count("*"), sum("h")).first();
    long[] want = {0, 0};
    try (InputStream in = Files.newInputStream(file)) {
      ReferenceFastq.stream(in, (name, description, sequence, quality) -> {
        long h = hash(name, 42);
        if (description != null) {
          h = hash(description, h);
        }
        h = hash(quality, hash(sequence, h));
        want[0]++;
        want[1] += h >>> 24;
      });
    }
    assertThat(new long[] {got.getLong(0), got.getLong(1)}).containsExactly(want);
    assertThat(Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".dpidx")).count())
        .as("the split read built no index").isZero();
    long records = bigReference.values().stream().mapToLong(d -> d[0]).sum();
    assertThat(df.count()).as("count() is answered from an index, built now").isEqualTo(records);
    assertThat(Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".dpidx")).count()).isOne();
  }

  @Test
  void gzipWrittenByJdkReadsToo() throws Exception {
    Path file = temp.resolve("jdk.fastq.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(FastqGenerator.generate(5, 3 << 20, true, 70));
    }
    Map<Long, long[]> reference;
    try (InputStream in = gunzip(file)) {
      reference = referenceDigests(in);
    }
    assertSameDigests(sparkDigests(read(file, "partitions", "5")), reference, "jdk gzip, CRLF, wrapped");
  }
}
