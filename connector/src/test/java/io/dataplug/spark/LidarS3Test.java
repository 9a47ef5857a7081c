package io.dataplug.spark;

import io.dataplug.formats.api.ReadMetric;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.testing.LasGenerator;
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

/** LAS, LAZ and COPC from a real S3-compatible server: the same points as the local files, by ranged reads. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LidarS3Test {
  @TempDir static Path temp;
  static S3ProxyServer s3;
  static SparkSession spark;
  static Configuration conf;
  static Path survey;

  @BeforeAll
  static void setUp() throws Exception {
    s3 = new S3ProxyServer(temp);
    s3.createBucket("lidar");
    spark = TestSpark.session();
    conf = spark.sparkContext().hadoopConfiguration();
    s3.configure(conf);
    survey = temp.resolve("survey.las");
    LasGenerator.write(survey, 7, 80_000, 300, 21);
    upload(survey, "s3a://lidar/tiles/survey.las");
    upload(LidarSourceTest.TESTDATA.resolve("laz/autzen_trim.laz").toAbsolutePath(), "s3a://lidar/tiles/autzen_trim.laz");
    upload(LidarSourceTest.TESTDATA.resolve("copc/1.2-with-color.copc.laz").toAbsolutePath(), "s3a://lidar/copc/color.copc.laz");
  }

  @AfterAll
  static void tearDown() throws Exception {
    s3.unconfigure(conf, "lidar");
    s3.close();
  }

  static void upload(Path local, String uri) throws Exception {
    S3ProxyServer.upload(conf, local, uri);
  }

  @Test
  void lasAndLazFromS3EqualTheLocalFiles() {
    for (String name : new String[] {"survey.las", "autzen_trim.laz"}) {
      Path local = name.equals("survey.las") ? survey : LidarSourceTest.TESTDATA.resolve("laz/" + name);
      Dataset<Row> remote = spark.read().format("dataplug-las").option("splitSize", "300k")
          .load("s3a://lidar/tiles/" + name);
      assertThat(remote.rdd().getNumPartitions()).isGreaterThan(1);
      assertThat(LidarSourceTest.keys(remote)).as(name).containsExactlyElementsOf(
          io.dataplug.formats.testing.ReferenceLas.rows(local.toFile()));
    }
  }

  @Test
  void tilesAndBoxesOnS3BuildTheIndexBesideTheObjectAndReadOnlyTheirBlocks() throws Exception {
    Dataset<Row> tiles = spark.read().format("dataplug-las").option("tileSize", "100").option("blockPoints", "4000")
        .load("s3a://lidar/tiles/survey.las");
    assertThat(LidarSourceTest.sorted(LidarSourceTest.keys(tiles))).containsExactlyElementsOf(
        LidarSourceTest.sorted(io.dataplug.formats.testing.ReferenceLas.rows(survey.toFile())));
    FileSystem fs = FileSystem.get(URI.create("s3a://lidar/"), conf);
    assertThat(fs.exists(new org.apache.hadoop.fs.Path("s3a://lidar/tiles/.survey.las.dpidx"))).isTrue();
    org.apache.spark.sql.Column inBox = col("X").between(500_000, 500_060).and(col("Y").between(4_000_000, 4_000_100));
    Dataset<Row> box = LidarSourceTest.keyColumns(spark.read().format("dataplug-las").load("s3a://lidar/tiles/survey.las")
        .filter(inBox));
    Dataset<Row> localBox = LidarSourceTest.keyColumns(spark.read().format("dataplug-las")
        .option("indexLocation", temp.resolve("local-indexes").toString()).load(survey.toString()).filter(inBox));
    List<String> expected = LidarSourceTest.keysOf(localBox);
    assertThat(expected).isNotEmpty();
    assertThat(LidarSourceTest.keysOf(box)).as("the S3 box equals the local box").containsExactlyElementsOf(expected);
    SparkPlan scan = LidarSourceTest.scanOf(box);
    assertThat(FastqSourceTest.metric(scan, ReadMetric.DATA_BYTES.key()))
        .isLessThan(FastqSourceTest.metric(scan, ReadMetric.BYTES_TOTAL.key()) / 2);
  }

  @Test
  void copcNodesFromS3EqualTheLocalFile() {
    Dataset<Row> remote = spark.read().format("dataplug-copc").option("splitSize", "2k").load("s3a://lidar/copc/color.copc.laz");
    assertThat(remote.rdd().getNumPartitions()).isGreaterThan(4);
    assertThat(LidarSourceTest.sorted(LidarSourceTest.keys(remote))).containsExactlyElementsOf(LidarSourceTest.sorted(
        io.dataplug.formats.testing.ReferenceLas.rows(LidarSourceTest.TESTDATA.resolve("copc/1.2-with-color.copc.laz").toFile())));
  }
}
