package io.dataplug.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dataplug.formats.testing.FastqGenerator;
import io.dataplug.formats.testing.GzipWriters;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 that misbehaves: reset connections, connections dropped in the middle of a body, 503 SlowDown, no permission to
 * write. Each test reads its own object, so no test depends on what another one indexed before it.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FastqS3FaultTest {
  @TempDir static Path temp;
  static S3ProxyServer s3;
  static FaultProxy proxy;
  static SparkSession spark;
  static Map<Long, long[]> reference;
  static Configuration conf;
  static Path local;

  @BeforeAll
  static void setUp() throws Exception {
    s3 = new S3ProxyServer(temp);
    s3.createBucket("faulty");
    proxy = new FaultProxy(s3.port);
    spark = TestSpark.session();
    local = Files.write(temp.resolve("run.fastq.gz"),
        GzipWriters.singleMember(FastqGenerator.generate(51, 12 << 20, false, 0), 6));
    try (InputStream in = FastqEquivalenceTest.gunzip(local)) {
      reference = FastqEquivalenceTest.referenceDigests(in);
    }
    conf = new Configuration();
    s3.configure(conf);
  }

  /** A fresh copy of the run, straight to the store (not through the proxy), without an index. */
  static String upload(String key) throws Exception {
    String uri = "s3a://faulty/" + key;
    S3ProxyServer.upload(conf, local, uri);
    return uri;
  }

  @AfterAll
  static void tearDown() throws Exception {
    proxy.close();
    s3.close();
  }

  /** S3A through the fault proxy: read options, so these reads get their own S3A instance. */
  static DataFrameReader reader() {
    DataFrameReader reader = spark.read().format("dataplug-fastqgz").option("includeOrdinal", "true")
        .option("checkpointSpan", "512k");
    for (Map.Entry<String, String> e : s3.s3aSettings(proxy.endpoint()).entrySet()) {
      reader = reader.option(e.getKey(), e.getValue());
    }
    // Hadoop 3.3.4's S3AInputStream leaves throttled GETs to the SDK's retries (fs.s3a.attempts.maximum), whose
    // backoff takes about a second or more per 503: the faults below are spaced so the test stays short.
    return reader.option("fs.s3a.attempts.maximum", "5")
        .option("fs.s3a.retry.limit", "5").option("fs.s3a.retry.throttle.limit", "10");
  }

  @Test
  void faultsWhileIndexingAndWhileReadingGiveTheRowsOfASequentialRead() throws Exception {
    String uri = upload("faults/run.fastq.gz");
    proxy.resetEvery = 5;
    proxy.dropMidBodyEvery = 7;
    proxy.slowDownEvery = 11;
    try {
      long t0 = System.nanoTime();
      // count() builds the index (on the driver, every byte of the object) and answers from it: faults hit the build.
      long counted = reader().load(uri).count();
      int faultsWhileIndexing = proxy.resets.get() + proxy.midBodyDrops.get() + proxy.slowDowns.get();
      assertThat(counted).isEqualTo(reference.values().stream().mapToLong(d -> d[0]).sum());
      assertThat(faultsWhileIndexing).as("faults while the index was built").isPositive();
      long t1 = System.nanoTime();
      Dataset<Row> faulty = reader().option("partitions", "6").option("index", "require").load(uri);
      FastqEquivalenceTest.assertSameDigests(FastqEquivalenceTest.sparkDigests(faulty), reference, "with faults");
      System.out.printf("fault test: indexing %.1f s, scan %.1f s, %d resets, %d mid-body drops, %d slow-downs%n",
          (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9, proxy.resets.get(), proxy.midBodyDrops.get(),
          proxy.slowDowns.get());
    } finally {
      proxy.resetEvery = 0;
      proxy.dropMidBodyEvery = 0;
      proxy.slowDownEvery = 0;
    }
    assertThat(proxy.resets.get()).as("connections reset").isPositive();
    assertThat(proxy.midBodyDrops.get()).as("connections dropped in the middle of a body").isPositive();
    assertThat(proxy.slowDowns.get()).as("503 SlowDown answers").isPositive();
  }

  @Test
  void noPermissionToWriteTheIndexSaysWhatToDo() throws Exception {
    String uri = upload("read-only/run.fastq.gz");
    proxy.denyWrites = true;
    try {
      Throwable error = catchThrowable(() -> reader().load(uri).count());
      assertThat(FastqBadInputTest.messages(error)).contains("Could not write the index").contains("indexLocation")
          .contains("access denied").doesNotContain(s3.secretKey);
      // A read-only data bucket, a writable index bucket (reached directly, by S3A's per-bucket settings).
      s3.createBucket("indexes");
      long n = reader().option("indexLocation", "s3a://indexes/dataplug")
          .option("fs.s3a.bucket.indexes.endpoint", s3.endpoint())
          .load(uri).count();
      assertThat(n).isEqualTo(reference.values().stream().mapToLong(d -> d[0]).sum());
      assertThat(s3.dataDir.resolve("indexes/dataplug/s3a/faulty/read-only/.run.fastq.gz.dpidx")).exists();
    } finally {
      proxy.denyWrites = false;
    }
    assertThat(proxy.denied.get()).isPositive();
  }
}
