package io.dataplug.spark;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.api.ReadMetric;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * COG, imzML and Zarr from a real S3-compatible server: the rows of the local files, by ranged reads (or chunk
 * reads) of what is needed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ImagingS3Test {
  static final Path TESTDATA = Path.of("../testdata").toAbsolutePath().normalize();
  @TempDir static Path temp;
  static S3ProxyServer s3;
  static SparkSession spark;
  static Configuration conf;

  @BeforeAll
  static void setUp() throws Exception {
    s3 = new S3ProxyServer(temp);
    s3.createBucket("imaging");
    spark = TestSpark.session();
    conf = spark.sparkContext().hadoopConfiguration();
    s3.configure(conf);
    S3ProxyServer.upload(conf, TESTDATA.resolve("cog/cog.tif"), "s3a://imaging/rasters/cog.tif");
    for (String name : List.of("Example_Processed.imzML", "Example_Processed.ibd")) {
      S3ProxyServer.upload(conf, TESTDATA.resolve("imzml/" + name), "s3a://imaging/msi/" + name);
    }
    // The xarray store twice: with its consolidated .zmetadata, and without it (found by listing its keys).
    Path store = TESTDATA.resolve("zarr/dataset_3d.zarr");
    try (var files = java.nio.file.Files.walk(store)) {
      for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
        String key = store.relativize(file).toString();
        S3ProxyServer.upload(conf, file, "s3a://imaging/zarr/dataset_3d.zarr/" + key);
        if (!key.equals(".zmetadata")) {
          S3ProxyServer.upload(conf, file, "s3a://imaging/zarr/unconsolidated.zarr/" + key);
        }
      }
    }
  }

  /**
   * air.nc under s3a://imaging/netcdf/, its JSON references in another folder with their URLs made absolute as
   * kerchunk writes them for S3 (s3://, which option urlSchemes maps to s3a://), and its Parquet references beside it
   * (relative URLs, resolved against their folder).
   */
  private static void uploadKerchunk() throws Exception {
    Path dir = TESTDATA.resolve("kerchunk");
    S3ProxyServer.upload(conf, dir.resolve("air.nc"), "s3a://imaging/netcdf/air.nc");
    Path json = temp.resolve("air-s3.json");
    java.nio.file.Files.writeString(json, java.nio.file.Files.readString(dir.resolve("air.json"))
        .replace("\"air.nc\"", "\"s3://imaging/netcdf/air.nc\""));
    S3ProxyServer.upload(conf, json, "s3a://imaging/refs/air.json");
    try (var files = java.nio.file.Files.walk(dir.resolve("air.parq"))) {
      for (Path file : files.filter(java.nio.file.Files::isRegularFile).toList()) {
        S3ProxyServer.upload(conf, file, "s3a://imaging/netcdf/air.parq/" + dir.resolve("air.parq").relativize(file));
      }
    }
  }

  @Test
  void kerchunkReferencesOnS3GiveTheLocalCellsWithAdjacentChunksInOneRequest() throws Exception {
    uploadKerchunk();
    List<String> local = SparkConformanceTest.render(spark.read().format("dataplug-kerchunk")
        .load(TESTDATA.resolve("kerchunk/air.json").toString()));
    assertThat(local).hasSize(124 * 11 * 21);
    for (String set : List.of("s3a://imaging/refs/air.json", "s3a://imaging/netcdf/air.parq")) {
      Dataset<Row> remote = spark.read().format("dataplug-kerchunk").option("partitions", "2").load(set);
      assertThat(SparkConformanceTest.render(remote)).as(set).containsExactlyElementsOf(local);
      Dataset<Row> air = spark.read().format("dataplug-kerchunk").option("array", "air").option("splitSize", "1g")
          .load(set).select("air");
      assertThat(air.collectAsList()).hasSize(124 * 11 * 21);
      assertThat(FastqSourceTest.metric(LidarSourceTest.scanOf(air), ReadMetric.REQUESTS.key()))
          .as("four adjacent chunks of air.nc in one ranged read").isEqualTo(1);
    }
    assertThatThrownBy(() -> spark.read().format("dataplug-kerchunk").option("urlSchemes", "")
        .load("s3a://imaging/refs/air.json").collectAsList())
        .hasStackTraceContaining("points to s3://imaging/netcdf/air.nc");
  }

  @AfterAll
  static void tearDown() throws Exception {
    s3.unconfigure(conf, "imaging");
    s3.close();
  }

  @Test
  void aCogOnS3GivesTheLocalTilesAndABoxFetchesOnlyItsTiles() {
    Dataset<Row> remote = spark.read().format("dataplug-cog").option("splitSize", "64k")
        .load("s3a://imaging/rasters/cog.tif");
    Dataset<Row> local = spark.read().format("dataplug-cog").load(TESTDATA.resolve("cog/cog.tif").toString());
    assertThat(remote.rdd().getNumPartitions()).isGreaterThan(4);
    List<String> expected = SparkConformanceTest.render(local);
    assertThat(SparkConformanceTest.render(remote)).containsExactlyElementsOf(expected);

    Dataset<Row> box = spark.read().format("dataplug-cog").load("s3a://imaging/rasters/cog.tif")
        .where(col("maxX").geq(380_000).and(col("minX").leq(440_000)).and(col("maxY").geq(8_100_000))
            .and(col("minY").leq(8_160_000)));
    assertThat(box.collectAsList()).hasSize(12);
    SparkPlan scan = LidarSourceTest.scanOf(box);
    assertThat(FastqSourceTest.metric(scan, ReadMetric.DATA_BYTES.key()))
        .as("bytes fetched for 12 of 121 tiles")
        .isLessThan(FastqSourceTest.metric(scan, ReadMetric.BYTES_TOTAL.key()) / 5);
  }

  /**
   * Every column of every cell, hashed and summed exactly (as decimals: no overflow under ANSI mode): equal
   * fingerprints mean equal cells, in any order.
   */
  private static Row fingerprint(Dataset<Row> cells) {
    return cells.selectExpr("count(*)", "sum(cast(xxhash64(time, y, x, dataset) as decimal(38, 0)))").first();
  }

  @Test
  void aZarrStoreOnS3GivesTheLocalCellsAndAFilterFetchesOnlyItsChunks() {
    Row local = fingerprint(spark.read().format("dataplug-zarr").load(TESTDATA.resolve("zarr/dataset_3d.zarr")
        .toString()));
    assertThat(local.getLong(0)).isEqualTo(4_000_000L);
    for (String store : List.of("dataset_3d.zarr", "unconsolidated.zarr")) {
      Dataset<Row> remote = spark.read().format("dataplug-zarr").option("splitSize", "4m")
          .load("s3a://imaging/zarr/" + store);
      assertThat(remote.rdd().getNumPartitions()).isGreaterThan(4);
      assertThat(fingerprint(remote)).as(store).isEqualTo(local);
    }
    Dataset<Row> west = spark.read().format("dataplug-zarr").load("s3a://imaging/zarr/dataset_3d.zarr")
        .where(col("x").lt(-160));
    assertThat(west.count()).isEqualTo(2L * 1000 * 59);
    Dataset<Row> values = west.select("dataset");
    assertThat(values.collectAsList()).hasSize(2 * 1000 * 59);
    SparkPlan scan = LidarSourceTest.scanOf(values);
    assertThat(FastqSourceTest.metric(scan, ReadMetric.REQUESTS.key())).as("chunk objects fetched: 8 of 32")
        .isEqualTo(8);
  }

  @Test
  void anImzmlOnS3GivesTheLocalSpectraAndKeepsItsIndexBesideIt() throws Exception {
    Dataset<Row> remote = spark.read().format("dataplug-imzml").option("splitSize", "64k")
        .load("s3a://imaging/msi/Example_Processed.imzML");
    Dataset<Row> local = spark.read().format("dataplug-imzml")
        .option("indexLocation", temp.resolve("local-indexes").toUri().toString())
        .load(TESTDATA.resolve("imzml/Example_Processed.imzML").toString());
    assertThat(SparkConformanceTest.render(remote)).containsExactlyElementsOf(SparkConformanceTest.render(local));
    FileSystem fs = FileSystem.get(URI.create("s3a://imaging/"), conf);
    assertThat(fs.exists(new org.apache.hadoop.fs.Path("s3a://imaging/msi/.Example_Processed.imzML.imzml.dpidx")))
        .isTrue();
    // A directory on S3 reads its .imzML files (the .ibd and the index are not data).
    assertThat(spark.read().format("dataplug-imzml").load("s3a://imaging/msi/").count()).isEqualTo(9);
  }
}
