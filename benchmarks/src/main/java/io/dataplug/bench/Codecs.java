package io.dataplug.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.dataplug.formats.index.IndexMode;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.text.LineIndexes;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.hadoop.SplittableGzipCodec;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The codec case (opt-in: {@code --cases gzip-csv}): {@code spark.read.csv} of a generated CSV.gz (seeded: order
 * exports with ids, timestamps, names, countries, amounts, statuses and free text) on 2 cores, as one task without a
 * splittable codec, split by this project's codec through its index (whose build is timed on its own), and split by
 * {@code nl.basjes.hadoop:splittablegzip} 1.2 at 2, 8 and 32 splits. Every read must count the same rows and sum.
 */
final class Codecs {
  private static final String THEIRS = "nl.basjes.hadoop.io.compress.SplittableGzipCodec";
  private final BenchOptions options;
  private final Sparks sparks;
  private final Path work;

  Codecs(BenchOptions options, Sparks sparks, Path work) {
    this.options = options;
    this.sparks = sparks;
    this.work = work;
  }

  /** A CSV.gz of about --size compressed (4 MiB in smoke mode), gzip level 6, single member. */
  Path csvInput() throws IOException {
    Path file = Files.createDirectories(work.resolve("csv")).resolve("orders.csv.gz");
    long target = options.smoke ? 4L << 20 : options.size;
    String[] countries = {"DE", "FR", "US", "BR", "IN", "JP", "NG", "ES", "CA", "AU"};
    String[] statuses = {"shipped", "pending", "cancelled", "returned", "delivered"};
    String[] words = {"gift", "express", "fragile", "repeat customer", "discount", "bulk", "late", "priority"};
    Random random = new Random(20261202);
    try (CountingOutputStream counted = new CountingOutputStream(Files.newOutputStream(file));
        OutputStream out = new BufferedOutputStream(new GZIPOutputStream(counted, 1 << 16), 1 << 16)) {
      out.write("id,created,customer,country,quantity,amount,status,comment\n".getBytes(StandardCharsets.US_ASCII));
      StringBuilder row = new StringBuilder();
      long id = 0;
      long time = 1_700_000_000L;
      while (counted.count < target) {
        for (int i = 0; i < 1000; i++) {
          row.setLength(0);
          time += random.nextInt(30);
          row.append(id++).append(',').append(java.time.Instant.ofEpochSecond(time)).append(",customer-")
              .append(random.nextInt(2_000_000)).append(',').append(countries[random.nextInt(countries.length)])
              .append(',').append(1 + random.nextInt(20)).append(',')
              .append(String.format(Locale.ROOT, "%.2f", random.nextDouble() * 500)).append(',')
              .append(statuses[random.nextInt(statuses.length)]).append(',');
          if (random.nextInt(3) == 0) {
            row.append('"').append(words[random.nextInt(words.length)]).append(' ')
                .append(words[random.nextInt(words.length)]).append('"');
          }
          row.append('\n');
          out.write(row.toString().getBytes(StandardCharsets.US_ASCII));
        }
      }
    }
    return file;
  }

  private static final class CountingOutputStream extends java.io.FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /** Rows and the sum of the quantity column: every number parsed, exact in every partitioning. */
  private static long[] scan(SparkSession spark, Path file, String codec) {
    var reader = spark.read().option("header", "true");
    if (codec != null) {
      reader = reader.option("io.compression.codecs", codec);
    }
    Row r = reader.csv(file.toString()).agg(count(lit(1)), sum(col("quantity").cast("long"))).first();
    return new long[] {r.getLong(0), r.getLong(1)};
  }

  void gzipCsv(Suite.CaseRun c, Path file) throws Exception {
    long size = Files.size(file);
    c.input("CSV.gz single member", size);
    SparkSession spark = sparks.local(2);
    LocalBlobStore store = new LocalBlobStore();
    long[] want = scan(spark, file, null);
    for (int run = 1; run <= options.runs; run++) {
      c.seconds(run, "dataplug text index build (1 thread)", 1, () -> {
        try (Blob blob = store.open(file.toString())) {
          LineIndexes.sidecars(store, null, IndexMode.REBUILD, IndexBuilder.DEFAULT_SPAN).loadOrBuild(blob);
        }
      });
      spark.conf().unset("spark.sql.files.maxPartitionBytes");
      c.seconds(run, "spark.read.csv", 2, () -> expect(scan(spark, file, null), want, "spark.read.csv"));
      c.seconds(run, "spark.read.csv + dataplug codec", 2,
          () -> expect(scan(spark, file, SplittableGzipCodec.class.getName()), want, "the dataplug codec"));
      for (int splits : List.of(2, 8, 32)) {
        spark.conf().set("spark.sql.files.maxPartitionBytes", Long.toString((size + splits - 1) / splits));
        c.seconds(run, "spark.read.csv + splittablegzip (" + splits + " splits)", 2,
            () -> expect(scan(spark, file, THEIRS), want, "splittablegzip"));
      }
      spark.conf().unset("spark.sql.files.maxPartitionBytes");
    }
  }

  private static void expect(long[] got, long[] want, String tool) {
    if (got[0] != want[0] || got[1] != want[1]) {
      throw new IllegalStateException(tool + " read " + got[0] + " rows summing to " + got[1] + ", Spark alone "
          + want[0] + " summing to " + want[1]);
    }
  }
}
