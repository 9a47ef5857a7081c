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

/** S3 that misbehaves: reset connections, 503 SlowDown, no permission to write. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FastqS3FaultTest {
  @TempDir static Path temp;
  static S3ProxyServer s3;
  static FaultProxy proxy;
  static SparkSession spark;
  static Map<Long, long[]> reference;

  @BeforeAll
  static void setUp() throws Exception {
    s3 = new S3ProxyServer(temp);
    s3.createBucket("faulty");
    proxy = new FaultProxy(s3.port);
    spark = TestSpark.session();
    Path local = Files.write(temp.resolve("run.fastq.gz"),
        GzipWriters.singleMember(FastqGenerator.generate(51, 12 << 20, false, 0), 6));
    try (InputStream in = FastqEquivalenceTest.gunzip(local)) {
      reference = FastqEquivalenceTest.referenceDigests(in);
    }
    Configuration conf = new Configuration();
    s3.configure(conf);
    S3ProxyServer.upload(conf, local, "s3a://faulty/runs/run.fastq.gz");
    new org.apache.hadoop.fs.Path("s3a://faulty/").getFileSystem(conf).close();
  }

  @AfterAll
  static void tearDown() throws Exception {
    proxy.close();
    s3.close();
  }

  /** S3A through the fault proxy, on a file system instance of its own (not cached across tests). */
  static DataFrameReader reader() {
    DataFrameReader reader = spark.read().format("dataplug-fastqgz").option("includeOrdinal", "true")
        .option("checkpointSpan", "512k");
    for (Map.Entry<String, String> e : s3.s3aSettings(proxy.endpoint()).entrySet()) {
      reader = reader.option(e.getKey(), e.getValue());
    }
    // Hadoop 3.3.4's S3AInputStream leaves throttled GETs to the SDK's retries (fs.s3a.attempts.maximum), whose
    // backoff takes about a second or more per 503: the faults below are spaced so the test stays short.
    return reader.option("fs.s3a.impl.disable.cache", "true").option("fs.s3a.attempts.maximum", "5")
        .option("fs.s3a.retry.limit", "5").option("fs.s3a.retry.throttle.limit", "10");
  }

  @Test
  void resetsAndSlowDownsGiveTheSameResultAsACleanRun() {
    long t0 = System.nanoTime();
    Dataset<Row> clean = reader().option("partitions", "6").load("s3a://faulty/runs/run.fastq.gz");
    FastqEquivalenceTest.assertSameDigests(FastqEquivalenceTest.sparkDigests(clean), reference, "clean run");
    long t1 = System.nanoTime();
    proxy.resetEvery = 5;
    proxy.slowDownEvery = 11;
    try {
      Dataset<Row> faulty = reader().option("partitions", "6").load("s3a://faulty/runs/run.fastq.gz");
      FastqEquivalenceTest.assertSameDigests(FastqEquivalenceTest.sparkDigests(faulty), reference, "with faults");
      System.out.printf("fault test: clean %.1f s, faulty %.1f s, %d resets, %d slow-downs%n", (t1 - t0) / 1e9,
          (System.nanoTime() - t1) / 1e9, proxy.resets.get(), proxy.slowDowns.get());
    } finally {
      proxy.resetEvery = 0;
      proxy.slowDownEvery = 0;
    }
    assertThat(proxy.resets.get()).as("connections reset").isPositive();
    assertThat(proxy.slowDowns.get()).as("503 SlowDown answers").isPositive();
  }

  @Test
  void noPermissionToWriteTheIndexSaysWhatToDo() throws Exception {
    proxy.denyWrites = true;
    try {
      Throwable error = catchThrowable(() -> reader().load("s3a://faulty/runs/run.fastq.gz").count());
      assertThat(FastqBadInputTest.messages(error)).contains("Could not write the index").contains("indexLocation")
          .contains("access denied").doesNotContain(s3.secretKey);
      // A read-only data bucket, a writable index bucket (reached directly, by S3A's per-bucket settings).
      s3.createBucket("indexes");
      long n = reader().option("indexLocation", "s3a://indexes/dataplug")
          .option("fs.s3a.bucket.indexes.endpoint", s3.endpoint())
          .load("s3a://faulty/runs/run.fastq.gz").count();
      assertThat(n).isEqualTo(reference.values().stream().mapToLong(d -> d[0]).sum());
      assertThat(s3.dataDir.resolve("indexes/dataplug/s3a/faulty/runs/.run.fastq.gz.dpidx")).exists();
    } finally {
      proxy.denyWrites = false;
    }
    assertThat(proxy.denied.get()).isPositive();
  }
}
