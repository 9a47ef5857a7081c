package io.dataplug.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.FormatReads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance checks through Spark: one fixture per layout, each at two partitionings (several partitions with
 * Arrow batches; one whole-file partition through the rows fallback). The full partitioning matrix runs without Spark
 * in the formats module's ConformanceTest; this suite proves the one Spark stack hands every format's rows through
 * unchanged; NothingLeftOpen checks after every test that nothing is left open.
 */
class SparkConformanceTest {
  record Layout(String format, String file, List<String> companions) {
    Layout(String format, String file) {
      this(format, file, List.of());
    }

    @Override
    public String toString() {
      return format + " " + file;
    }
  }

  static final List<Layout> LAYOUTS = List.of(
      new Layout("dataplug-fastq", "fastq/5k-30BB2AAXX.3.aligned.sam.fastq"),
      new Layout("dataplug-fastqgz", "fastq/ERR127302_1_subset.fastq.gz"),
      new Layout("dataplug-fastqgz", "fastq/multiblock.fastq.gz"),
      new Layout("dataplug-fastqgz", "fastq/fastq_sample1.fq.bgz"),
      new Layout("dataplug-las", "las/autzen-bmx-2023.las"),
      new Layout("dataplug-las", "laz/autzen_trim.laz"),
      new Layout("dataplug-copc", "copc/1.2-with-color.copc.laz"),
      new Layout("dataplug-vcf", "vcf/4.vcf.gz"),
      new Layout("dataplug-vcf", "vcf/chr22.vcf.gz"),
      new Layout("dataplug-fasta", "fasta/Homo_sapiens_assembly18.trimmed.fasta.gz"),
      new Layout("dataplug-cog", "cog/cog_nonearth.tif"),
      new Layout("dataplug-imzml", "imzml/Example_Processed.imzML", List.of("imzml/Example_Processed.ibd")),
      new Layout("dataplug-zarr", "zarr/zarr-python-fixture/20/1"),
      new Layout("dataplug-kerchunk", "kerchunk/air.parq", List.of("kerchunk/air.nc")));

  static final Map<String, String> SEVERAL = Map.of("partitions", "4", "checkpointSpan", "256k", "blockPoints", "997");
  static final Map<String, String> WHOLE_AS_ROWS = Map.of("splitSize", "1g", "enableVectorizedReader", "false");

  static Stream<Arguments> rows() {
    List<Arguments> rows = new ArrayList<>();
    for (Layout layout : LAYOUTS) {
      rows.add(Arguments.of(layout, SEVERAL));
      rows.add(Arguments.of(layout, WHOLE_AS_ROWS));
    }
    return rows.stream();
  }

  static Stream<Layout> layouts() {
    return LAYOUTS.stream();
  }

  @TempDir Path temp;
  static SparkSession spark;
  final BlobStore store = new LocalBlobStore();

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }


  Path copy(Layout layout) throws IOException {
    for (String companion : layout.companions()) {
      Path source = Path.of("../testdata").resolve(companion);
      Files.copy(source, temp.resolve(source.getFileName()));
    }
    Path source = Path.of("../testdata").resolve(layout.file());
    Path target = temp.resolve(source.getFileName());
    return io.dataplug.formats.testing.TestFiles.copy(source, target);
  }

  /** The format's sequential reference read, through the format interface alone, as row strings. */
  List<String> reference(Layout layout, Path file) throws IOException {
    DataFormat format = Formats.byShortName(layout.format());
    FormatDataset dataset = format.open(store, ReadOptions.parse(format, List.of(file.toString()), Map.of(), Map.of()));
    return FormatReads.read(store, dataset.referencePlan(ScanRequest.all(FormatReads.allColumns(dataset))), -1).rows;
  }

  Dataset<Row> load(Layout layout, Path file, Map<String, String> options) {
    return spark.read().format(layout.format()).options(FormatReads.declared(Formats.byShortName(layout.format()), options)).load(file.toString());
  }

  /** A Spark row rendered as FormatReads renders an Arrow row: numbers as doubles, the rest as text. */
  static String render(Row row) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < row.length(); i++) {
      out.append(FormatReads.render(plain(row.get(i)))).append('|');
    }
    return out.toString();
  }

  /** Spark's nested values (Scala sequences, rows) as the Java lists and maps FormatReads renders. */
  static Object plain(Object value) {
    if (value instanceof scala.collection.Seq<?> seq) {
      List<Object> out = new ArrayList<>();
      scala.collection.Iterator<?> it = seq.iterator();
      while (it.hasNext()) {
        out.add(plain(it.next()));
      }
      return out;
    }
    if (value instanceof Row struct) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      for (int i = 0; i < struct.length(); i++) {
        out.put(struct.schema().fieldNames()[i], plain(struct.get(i)));
      }
      return out;
    }
    return value;
  }

  static List<String> render(Dataset<Row> df) {
    return df.collectAsList().stream().map(SparkConformanceTest::render).toList();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("rows")
  void sparkReturnsTheReferenceRowsInOrderAndCountsThem(Layout layout, Map<String, String> partitioning)
      throws IOException {
    Path file = copy(layout);
    List<String> expected = reference(layout, file);
    assertThat(expected).isNotEmpty();
    Dataset<Row> df = load(layout, file, partitioning);
    assertThat(render(df)).containsExactlyElementsOf(expected);
    assertThat(df.count()).isEqualTo(expected.size());
    if (partitioning == WHOLE_AS_ROWS) {
      assertThat(df.rdd().getNumPartitions()).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layouts")
  void prunedColumnsAndLimitGiveTheSameValues(Layout layout) throws IOException {
    Path file = copy(layout);
    Dataset<Row> df = load(layout, file, SEVERAL);
    String[] all = df.columns();
    List<String> full = render(df);
    List<String> expected = new ArrayList<>();
    for (String row : full) {
      String[] values = row.split("\\|", -1);
      expected.add(values[all.length - 1] + "|" + values[0] + "|");
    }
    assertThat(render(df.select(all[all.length - 1], all[0]))).containsExactlyElementsOf(expected);
    assertThat(render(df.limit(3))).containsExactlyElementsOf(full.subList(0, 3));
  }
}
