package io.dataplug.spark;

import io.dataplug.formats.api.ReadMetric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dataplug.formats.testing.FastqGenerator;
import io.dataplug.formats.testing.GzipWriters;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import scala.collection.JavaConverters;

/** Reading from a real S3-compatible server (S3Proxy on 127.0.0.1) through Hadoop S3A, with ranged reads. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FastqS3Test {
  @TempDir static Path temp;
  static S3ProxyServer s3;
  static SparkSession spark;
  static Configuration conf;
  static Path localRun;
  static Map<Long, long[]> reference;

  @BeforeAll
  static void setUp() throws Exception {
    s3 = new S3ProxyServer(temp);
    s3.createBucket("runs");
    spark = TestSpark.session();
    conf = spark.sparkContext().hadoopConfiguration();
    s3.configure(conf);
    localRun = Files.write(temp.resolve("run.fastq.gz"),
        GzipWriters.singleMember(FastqGenerator.generate(31, 24 << 20, false, 0), 6));
    try (InputStream in = FastqEquivalenceTest.gunzip(localRun)) {
      reference = FastqEquivalenceTest.referenceDigests(in);
    }
    upload(localRun, "s3a://runs/lane1/run.fastq.gz");
  }

  @AfterAll
  static void tearDown() throws Exception {
    s3.unconfigure(conf, "runs");
    s3.close();
  }

  static void upload(Path local, String uri) throws Exception {
    S3ProxyServer.upload(conf, local, uri);
  }

  static DataFrameReader reader() {
    return spark.read().format("dataplug-fastqgz").option("includeOrdinal", "true").option("checkpointSpan", "1m");
  }

  @Test
  void readsFromS3ExactlyLikeASequentialRead() throws Exception {
    Dataset<Row> df = reader().option("partitions", "8").load("s3a://runs/lane1/run.fastq.gz");
    assertThat(df.rdd().getNumPartitions()).isEqualTo(8);
    FastqEquivalenceTest.assertSameDigests(FastqEquivalenceTest.sparkDigests(df), reference, "s3a, 8 partitions");
    FileSystem fs = FileSystem.get(URI.create("s3a://runs/"), conf);
    assertThat(fs.exists(new org.apache.hadoop.fs.Path("s3a://runs/lane1/.run.fastq.gz.dpidx")))
        .as("the index lives beside the object").isTrue();
    assertThat(reader().load("s3a://runs/lane1/").count()).as("the listing skips the index").isEqualTo(
        reference.values().stream().mapToLong(d -> d[0]).sum());
  }

  @Test
  void tasksFetchOnlyTheirSliceAndTheirWindow() throws Exception {
    Dataset<Row> df = reader().option("splitSize", "4m").load("s3a://runs/lane1/run.fastq.gz").select("name");
    assertThat(df.collectAsList()).isNotEmpty();
    SparkPlan scan = JavaConverters.seqAsJavaList(df.queryExecution().executedPlan().collectLeaves()).get(0);
    long objectSize = Files.size(localRun);
    long dataBytes = FastqSourceTest.metric(scan, ReadMetric.DATA_BYTES.key());
    long requests = FastqSourceTest.metric(scan, ReadMetric.REQUESTS.key());
    long indexBytes = FastqSourceTest.metric(scan, ReadMetric.INDEX_BYTES.key());
    int partitions = df.rdd().getNumPartitions();
    System.out.printf("s3a read: %d partitions, %d data bytes fetched for a %d-byte object in %d requests,"
        + " %d index bytes%n", partitions, dataBytes, objectSize, requests, indexBytes);
    assertThat(partitions).isGreaterThan(4);
    // Each slice reads its own compressed bytes, then small pieces until its last record ends: the object about once.
    assertThat(dataBytes).isBetween(objectSize, objectSize + partitions * 40_000L);
    assertThat(requests).isLessThan(partitions * 4L);
    assertThat(indexBytes).as("each slice's own window, read from the index object, and nothing more")
        .isEqualTo(FastqSourceTest.plannedWindowBytes(scan)).isPositive();
  }

  @Test
  void aChangedObjectIsDetectedByItsEtag() throws Exception {
    Path other = Files.write(temp.resolve("other.fastq.gz"),
        GzipWriters.singleMember(FastqGenerator.generate(32, 3 << 20, false, 0), 6));
    upload(localRun, "s3a://runs/lane2/run.fastq.gz");
    assertThat(reader().load("s3a://runs/lane2/run.fastq.gz").count()).isPositive();
    upload(other, "s3a://runs/lane2/run.fastq.gz");
    Throwable stale = catchThrowable(() -> reader().option("index", "require").load("s3a://runs/lane2/run.fastq.gz").count());
    assertThat(FastqBadInputTest.messages(stale)).contains("Stale index").contains("etag:");
    long expected;
    try (InputStream in = FastqEquivalenceTest.gunzip(other)) {
      expected = FastqEquivalenceTest.referenceDigests(in).values().stream().mapToLong(d -> d[0]).sum();
    }
    assertThat(reader().load("s3a://runs/lane2/run.fastq.gz").count()).as("auto mode rebuilds").isEqualTo(expected);
  }

  @Test
  void wrongCredentialsSayWhatToConfigure() {
    Throwable denied = catchThrowable(() -> reader().option("fs.s3a.secret.key", "not-the-secret")
        .load("s3a://runs/lane1/run.fastq.gz").count());
    assertThat(FastqBadInputTest.messages(denied)).contains("s3a://runs/lane1/run.fastq.gz").contains("access denied")
        .contains("fs.s3a.secret.key").doesNotContain(s3.secretKey).doesNotContain("not-the-secret");
  }

  @Test
  void fileSystemReadOptionsApplyToTheirReadEvenAfterTheBucketWasUsed() throws Exception {
    String uri = "s3a://runs/lane1/run.fastq.gz";
    // The session's settings first: Hadoop caches that S3A instance for the bucket.
    long records = reader().load(uri).count();
    assertThat(records).isPositive();
    Throwable denied = catchThrowable(() -> reader().option("fs.s3a.secret.key", "not-the-secret").load(uri).count());
    assertThat(FastqBadInputTest.messages(denied)).as("credentials given on the read").contains(uri)
        .contains("access denied").doesNotContain("not-the-secret").doesNotContain(s3.secretKey);
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Throwable unreachable = catchThrowable(() -> reader().option("fs.s3a.endpoint", "http://127.0.0.1:" + closedPort)
        .option("fs.s3a.attempts.maximum", "1").option("fs.s3a.retry.limit", "1").load(uri).count());
    assertThat(FastqBadInputTest.messages(unreachable)).as("an endpoint given on the read").contains(uri)
        .contains(String.valueOf(closedPort));
    assertThat(reader().option("fs.s3a.secret.key", s3.secretKey).load(uri).count()).isEqualTo(records);
    assertThat(reader().load(uri).count()).as("the session's settings still apply").isEqualTo(records);
  }

  /** Every plan string and every serialized input partition of a query, as text. */
  static String plansAndPartitions(Dataset<Row> df) throws Exception {
    StringBuilder out = new StringBuilder(df.queryExecution().toString())
        .append(df.queryExecution().explainString(org.apache.spark.sql.execution.ExtendedMode$.MODULE$));
    for (org.apache.spark.sql.connector.read.InputPartition partition
        : FastqSourceTest.partitionsOf(LidarSourceTest.scanOf(df))) {
      out.append(new String(FastqSourceTest.serialized(partition), java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    return out.toString();
  }

  @Test
  void theSecretKeyAppearsInNoLogPlanPartitionOrError() throws Exception {
    upload(FastqSourceTest.REAL.resolve(FastqSourceTest.SAMPLE), "s3a://runs/secret/sample.fastq.gz");
    upload(LidarSourceTest.TESTDATA.resolve("laz/autzen_trim.laz"), "s3a://runs/secret/autzen_trim.laz");
    StringBuilder seen = new StringBuilder();
    List<String> logged;
    // The secret reaches the reads both ways: in the session's Hadoop configuration, and as a read option.
    try (CapturedLog log = CapturedLog.at(org.apache.logging.log4j.Level.DEBUG)) {
      for (boolean asOption : new boolean[] {false, true}) {
        DataFrameReader fastq = reader().option("index", "rebuild").option("partitions", "4");
        DataFrameReader lidar = spark.read().format("dataplug-las").option("splitSize", "300k");
        if (asOption) {
          fastq = fastq.option("fs.s3a.secret.key", s3.secretKey);
          lidar = lidar.option("fs.s3a.secret.key", s3.secretKey);
        }
        Dataset<Row> reads = fastq.load("s3a://runs/secret/sample.fastq.gz");
        assertThat(reads.select("name").collectAsList()).hasSize(20_000);
        Dataset<Row> points = lidar.load("s3a://runs/secret/autzen_trim.laz");
        assertThat(points.select("X").collectAsList()).hasSize(110_000);
        seen.append(plansAndPartitions(reads)).append(plansAndPartitions(points));
        for (DataFrameReader failing : List.of(fastq, lidar)) {
          seen.append(FastqBadInputTest.messages(catchThrowable(() ->
              failing.load("s3a://runs/secret/missing.fastq.gz").count())));
        }
      }
      logged = log.events();
    }
    assertThat(logged).as("DEBUG events captured from every logger").hasSizeGreaterThan(100)
        .anyMatch(e -> e.contains("io.dataplug")).anyMatch(e -> e.contains("\tat "));
    assertThat(seen.toString()).contains("FastqScan").contains("autzen_trim.laz").contains("missing.fastq.gz");
    assertThat(logged).noneMatch(line -> line.contains(s3.secretKey));
    assertThat(seen.toString()).doesNotContain(s3.secretKey).doesNotContain(s3.accessKey);
  }

  @Test
  void missingObjectsAndBucketsAreClearErrors() {
    assertThat(FastqBadInputTest.messages(catchThrowable(() -> reader().load("s3a://runs/nope/run.fastq.gz").count())))
        .contains("s3a://runs/nope/run.fastq.gz").contains("does not exist");
    String noBucket = FastqBadInputTest.messages(catchThrowable(() -> reader().load("s3a://no-such-bucket/run.fastq.gz").count()));
    assertThat(noBucket).contains("s3a://no-such-bucket/run.fastq.gz: the bucket does not exist").contains("fs.s3a.endpoint");
  }
}
