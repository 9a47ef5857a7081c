package io.dataplug.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A Zarr v2 store through Spark: cells as rows, partitions of whole chunks, count from the metadata. */
class ZarrSourceTest {
  static SparkSession spark;
  static final Path ZARR = ExternalTools.HOME.resolve("testdata/zarr");

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }

  @Test
  void anXarrayDatasetReadsAsCellsWithItsCoordinates() {
    var cells = spark.read().format("dataplug-zarr").option("splitSize", "1m")
        .load(ZARR.resolve("dataset_3d.zarr").toString());
    assertThat(cells.columns()).containsExactly("time", "y", "x", "dataset");
    assertThat(cells.rdd().getNumPartitions()).isGreaterThan(1);
    assertThat(cells.count()).isEqualTo(2L * 1000 * 2000);
    // zarr-python 3.1.6: the sum of the 4 million values is 2.0e9, the x coordinates start at -170.
    Row r = cells.selectExpr("sum(dataset)", "min(x)", "count(distinct time)").first();
    assertThat(r.getDouble(0)).isCloseTo(2.0e9, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(r.getDouble(1)).isEqualTo(-170.0);
    assertThat(r.getLong(2)).isEqualTo(2);
  }

  @Test
  void layoutChunksGivesOneRowPerChunkWithItsValuesAsAnArray() {
    var chunks = spark.read().format("dataplug-zarr").option("layout", "chunks")
        .load(ZARR.resolve("dataset_3d.zarr").toString());
    assertThat(chunks.columns()).containsExactly("chunk", "origin", "shape", "dataset");
    assertThat(chunks.count()).isEqualTo(2 * 4 * 4);
    Row r = chunks.where("chunk[0] = 1 and chunk[1] = 3 and chunk[2] = 3")
        .selectExpr("origin", "shape", "size(dataset)", "aggregate(dataset, 0D, (a, v) -> a + v)").first();
    assertThat(r.getList(0)).containsExactly(1L, 750L, 1500L);
    assertThat(r.getList(1)).containsExactly(1, 250, 500);
    assertThat(r.getInt(2)).isEqualTo(250 * 500);
    // zarr-python 3.1.6: the 4 million values sum to 2.0e9, as in the cells layout.
    double total = chunks.selectExpr("sum(aggregate(dataset, 0D, (a, v) -> a + v))").first().getDouble(0);
    assertThat(total).isCloseTo(2.0e9, org.assertj.core.data.Offset.offset(1e-3));
  }

  @Test
  void aNestedArrayWithSlashSeparatedKeys() {
    var cells = spark.read().format("dataplug-zarr").load(ZARR.resolve("zarr-python-fixture/nested").toString());
    assertThat(cells.columns()).containsExactly("dim_0", "dim_1", "array");
    assertThat(cells.orderBy("dim_0", "dim_1").selectExpr("array").collectAsList().stream().map(r -> r.getLong(0)))
        .containsExactly(1L, 2L, 3L, 4L);
  }
}
