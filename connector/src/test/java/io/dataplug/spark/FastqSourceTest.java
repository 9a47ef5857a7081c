package io.dataplug.spark;

import io.dataplug.formats.api.ReadMetric;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.testing.ReferenceFastq;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.collection.JavaConverters;

/** What a Spark user expects of the source beyond the records themselves. */
class FastqSourceTest {
  static final Path REAL = Path.of("../testdata/fastq");
  static final String SAMPLE = "ERR127302_1_subset.fastq.gz";
  static SparkSession spark;
  static List<String> sampleRecords;
  @TempDir Path temp;

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    sampleRecords = new ArrayList<>();
    try (InputStream in = FastqEquivalenceTest.gunzip(REAL.resolve(SAMPLE))) {
      ReferenceFastq.stream(in, (n, d, s, q) -> sampleRecords.add(n + "|" + d + "|" + s + "|" + q));
    }
  }


  Path copy(String name) throws Exception {
    return Files.copy(REAL.resolve(name), temp.resolve(name));
  }

  long indexFiles() throws Exception {
    try (Stream<Path> files = Files.list(temp)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".dpidx")).count();
    }
  }

  static String text(Row row) {
    return row.getString(0) + "|" + row.getString(1) + "|" + row.getString(2) + "|" + row.getString(3);
  }

  @Test
  void schemaComesWithoutReadingData() throws Exception {
    Path file = copy(SAMPLE);
    long opened = io.dataplug.formats.storage.BlobStore.blobsOpenedSoFar();
    Dataset<Row> df = spark.read().format("dataplug-fastqgz").option("includeSourceFile", "true")
        .option("includeOrdinal", "true").load(file.toString());
    assertThat(df.schema().fieldNames()).containsExactly("name", "description", "sequence", "quality", "sourceFile", "ordinal");
    df.printSchema();
    assertThat(io.dataplug.formats.storage.BlobStore.blobsOpenedSoFar() - opened).as("files opened").isZero();
    assertThat(indexFiles()).isZero();
  }

  @Test
  void countIsAnsweredFromTheIndex() throws Exception {
    Path file = copy(SAMPLE);
    Dataset<Row> df = spark.read().format("dataplug-fastqgz").load(file.toString());
    assertThat(df.count()).isEqualTo(sampleRecords.size());
    assertThat(indexFiles()).isOne();
    Dataset<Row> counted = df.groupBy().count();
    assertThat(counted.queryExecution().executedPlan().toString()).contains("LocalTableScan").doesNotContain("BatchScan");
    assertThat(counted.first().getLong(0)).isEqualTo(sampleRecords.size());
  }

  @Test
  void limitReadsTheFirstRecordsWithoutIndexing() throws Exception {
    Path file = copy(SAMPLE);
    Dataset<Row> limited = spark.read().format("dataplug-fastqgz").option("batchSize", "100").load(file.toString())
        .limit(3);
    List<Row> rows = limited.collectAsList();
    assertThat(rows.stream().map(FastqSourceTest::text)).containsExactlyElementsOf(sampleRecords.subList(0, 3));
    assertThat(indexFiles()).isZero();
    SparkPlan scan = JavaConverters.seqAsJavaList(limited.queryExecution().executedPlan().collectLeaves()).get(0);
    assertThat(metric(scan, ReadMetric.SLICES_OPENED.key())).as("slices opened").isOne();
    assertThat(metric(scan, ReadMetric.ROWS.key())).as("one batch of the first slice").isBetween(3L, 100L);
  }

  @Test
  void rowsInsteadOfColumnarBatchesGiveTheSameRecords() throws Exception {
    Path file = copy(SAMPLE);
    Dataset<Row> rows = spark.read().format("dataplug-fastqgz").option("enableVectorizedReader", "false")
        .option("checkpointSpan", "64k").option("splitSize", "256k").option("batchSize", "1000").load(file.toString());
    SparkPlan plan = rows.queryExecution().executedPlan();
    assertThat(plan.toString()).contains("BatchScan").doesNotContain("ColumnarToRow");
    assertThat(rows.collectAsList().stream().map(FastqSourceTest::text).sorted())
        .containsExactlyElementsOf(sampleRecords.stream().sorted().toList());
    assertThat(spark.read().format("dataplug-fastqgz").load(file.toString()).queryExecution().executedPlan().toString())
        .contains("ColumnarToRow");
  }

  @Test
  void prunedColumnsAndOptInColumns() throws Exception {
    Path file = copy(SAMPLE);
    Dataset<Row> df = spark.read().format("dataplug-fastqgz").option("includeOrdinal", "true")
        .option("includeSourceFile", "true").option("checkpointSpan", "64k").option("splitSize", "256k")
        .load(file.toString());
    List<Row> rows = df.select("ordinal", "sequence", "sourceFile").where("ordinal in (0, 7000)").orderBy("ordinal").collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).getString(1)).isEqualTo(sampleRecords.get(7000).split("\\|")[2]);
    assertThat(rows.get(0).getString(2)).endsWith(SAMPLE);
  }

  @Test
  void manyFilesGlobsFiltersAndSmallFilePacking() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("runs"));
    Files.copy(REAL.resolve("tricky.fastq"), dir.resolve("a.fastq"));
    Files.copy(REAL.resolve("example_dos.fastq"), dir.resolve("b.fastq"));
    Files.copy(REAL.resolve("multiblock.fastq.gz"), dir.resolve("c.fastq.gz"));
    Path nested = Files.createDirectories(dir.resolve("lane2"));
    Files.copy(REAL.resolve("fastq_sample1.fq.bgz"), nested.resolve("d.fq.bgz"));
    // Hidden files with content: a marker that is not FASTQ (an error if read) and a staged copy that is (more rows).
    Files.writeString(dir.resolve("_SUCCESS"), "written by a job that finished\n");
    Files.copy(REAL.resolve("tricky.fastq"), dir.resolve(".staged.fastq"));

    Dataset<Row> all = spark.read().format("dataplug-fastq").load(dir.toString());
    assertThat(all.rdd().getNumPartitions()).as("small files share one partition").isOne();
    spark.conf().set("spark.sql.files.openCostInBytes", "100m");
    try {
      assertThat(spark.read().format("dataplug-fastq").load(dir.toString()).rdd().getNumPartitions())
          .as("each further file counts Spark's openCostInBytes on top of its bytes: two per 128 MiB").isEqualTo(2);
    } finally {
      spark.conf().unset("spark.sql.files.openCostInBytes");
    }
    long top = all.collectAsList().size();
    assertThat(top).isEqualTo(countOf("tricky.fastq") + countOf("example_dos.fastq") + countOf("multiblock.fastq.gz"));
    long recursive = spark.read().format("dataplug-fastq").option("recursiveFileLookup", "true").load(dir.toString())
        .collectAsList().size();
    assertThat(recursive).isEqualTo(top + countOf("fastq_sample1.fq.bgz"));
    long filtered = spark.read().format("dataplug-fastq").option("pathGlobFilter", "*.fastq").load(dir.toString())
        .collectAsList().size();
    assertThat(filtered).isEqualTo(countOf("tricky.fastq") + countOf("example_dos.fastq"));
    long globbed = spark.read().format("dataplug-fastq").load(dir + "/*.fastq*").collectAsList().size();
    assertThat(globbed).isEqualTo(top);
    long twoPaths = spark.read().format("dataplug-fastq").load(dir.resolve("a.fastq").toString(),
        nested.resolve("d.fq.bgz").toString()).collectAsList().size();
    assertThat(twoPaths).isEqualTo(countOf("tricky.fastq") + countOf("fastq_sample1.fq.bgz"));
  }

  static long countOf(String realFile) throws Exception {
    Path file = REAL.resolve(realFile);
    try (InputStream in = realFile.endsWith("gz") ? FastqEquivalenceTest.gunzip(file) : Files.newInputStream(file)) {
      return ReferenceFastq.stream(in, (n, d, s, q) -> {});
    }
  }

  @Test
  void missingIndexesOfManyFilesAreBuiltBySparkTasks() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("lanes"));
    for (String lane : List.of("L1", "L2", "L3")) {
      Files.copy(REAL.resolve(SAMPLE), dir.resolve(lane + ".fastq.gz"));
    }
    List<String> jobs = TestSpark.jobsDuring(() -> assertThat(
        spark.read().format("dataplug-fastqgz").load(dir.toString()).count()).isEqualTo(3L * sampleRecords.size()));
    assertThat(jobs).contains("dataplug: build the indexes of 3 files / 3 tasks");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.filter(p -> p.getFileName().toString().endsWith(".dpidx"))).hasSize(3);
    }
  }

  @Test
  void sqlTemporaryView() throws Exception {
    Path file = copy(SAMPLE);
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW reads USING `dataplug-fastqgz` OPTIONS (path '" + file + "')");
    Row row = spark.sql("SELECT count(*), max(length(sequence)) FROM reads").first();
    assertThat(row.getLong(0)).isEqualTo(sampleRecords.size());
    assertThat(row.getInt(1)).isEqualTo(sampleRecords.stream().mapToInt(r -> r.split("\\|")[2].length()).max().orElseThrow());
  }

  @Test
  void sqlPersistentTableServedByTheProviderOnSpark4AndTheV1FaceOn35() throws Exception {
    Path file = copy(SAMPLE);
    spark.sql("DROP TABLE IF EXISTS reads_table");
    spark.sql("CREATE TABLE reads_table USING `dataplug-fastqgz` OPTIONS (path '" + file + "', checkpointSpan '64k',"
        + " splitSize '512k')");
    try {
      String count = spark.sql("SELECT count(*) FROM reads_table").queryExecution().executedPlan().toString();
      String scan = spark.sql("SELECT name FROM reads_table").queryExecution().executedPlan().toString();
      if (spark.version().startsWith("3.")) {
        // Spark 3.5's session catalog keeps DSv2 providers out of persistent tables: the V1 face runs the DSv2 reader.
        assertThat(scan).contains("Scan io.dataplug.spark.SparkRelation");
      } else {
        // Spark 4 serves the table through the provider itself (SPARK-46043): the count comes from the index again.
        assertThat(spark.conf().get("spark.sql.ansi.enabled")).as("Spark 4's default, kept").isEqualTo("true");
        assertThat(scan).contains("BatchScan dataplug-fastqgz").contains("splitSize=524288");
        assertThat(count).contains("LocalTableScan").doesNotContain("BatchScan");
      }
      Row row = spark.sql("SELECT count(*), count(DISTINCT name) FROM reads_table").first();
      assertThat(row.getLong(0)).isEqualTo(sampleRecords.size());
      List<Row> some = spark.sql("SELECT name, sequence FROM reads_table WHERE name = '"
          + sampleRecords.get(42).split("\\|")[0] + "'").collectAsList();
      assertThat(some).hasSize(1);
      assertThat(some.get(0).getString(1)).isEqualTo(sampleRecords.get(42).split("\\|")[2]);
      assertThat(spark.table("reads_table").rdd().getNumPartitions()).as("split as usual").isGreaterThan(3);
    } finally {
      spark.sql("DROP TABLE IF EXISTS reads_table");
    }
  }

  /**
   * Planning a query physically (explain) lists no partitions and builds no index, and running it plans them once:
   * the scan reports its columnar support instead of Spark asking each partition (Scan.columnarSupportMode).
   */
  @Test
  void partitionsArePlannedOncePerQueryAndNotByExplain() throws Exception {
    Path file = copy(SAMPLE);
    Dataset<Row> df = spark.read().format("dataplug-fastqgz").option("checkpointSpan", "64k").option("splitSize", "512k")
        .load(file.toString()).where("length(sequence) > 10").select("name");
    long before = SparkBatch.planningsSoFar();
    df.queryExecution().executedPlan();
    assertThat(SparkBatch.planningsSoFar() - before).as("plannings by physical planning").isZero();
    df.collectAsList();
    assertThat(SparkBatch.planningsSoFar() - before).as("plannings by running the query").isEqualTo(1);
    Dataset<Row> rows = spark.read().format("dataplug-fastqgz").option("enableVectorizedReader", "false")
        .load(file.toString()).select("name");
    long beforeRows = SparkBatch.planningsSoFar();
    rows.queryExecution().executedPlan();
    assertThat(SparkBatch.planningsSoFar() - beforeRows).as("plannings by planning a row read").isZero();
    rows.collectAsList();
    assertThat(SparkBatch.planningsSoFar() - beforeRows).as("plannings by running a row read").isEqualTo(1);
  }

  /** Each partition knows its rows from the index, its bytes and files: Spark 4 gets them as partition statistics. */
  @Test
  void partitionsKnowTheirRowsBytesAndFiles() throws Exception {
    Path file = copy(SAMPLE);
    var scan = (SparkScan) ((SparkTable) new FastqGzSource().getTable(null, null, Map.of("path", file.toString(),
        "checkpointSpan", "64k", "splitSize", "512k"))).newScanBuilder(
            new org.apache.spark.sql.util.CaseInsensitiveStringMap(Map.of())).build();
    org.apache.spark.sql.connector.read.InputPartition[] partitions = scan.toBatch().planInputPartitions();
    assertThat(partitions.length).isGreaterThan(3);
    long rows = 0;
    for (var partition : partitions) {
      SparkInputPartition p = (SparkInputPartition) partition;
      assertThat(p.rows()).isPositive();
      assertThat(p.bytes()).isPositive();
      assertThat(p.files()).isEqualTo(1);
      rows += p.rows();
      if (spark.version().startsWith("4.")) {
        Object stats = partition;
        assertThat(stats.getClass().getMethod("numRows").invoke(stats)).isEqualTo(java.util.OptionalLong.of(p.rows()));
        assertThat(stats.getClass().getMethod("sizeInBytes").invoke(stats))
            .isEqualTo(java.util.OptionalLong.of(p.bytes()));
      }
    }
    assertThat(rows).isEqualTo(sampleRecords.size());
  }

  @Test
  void scanMetricsReachTheExecutedPlan() throws Exception {
    Path file = copy(SAMPLE);
    Dataset<Row> df = spark.read().format("dataplug-fastqgz").option("checkpointSpan", "64k").option("splitSize", "512k")
        .load(file.toString()).select("name");
    assertThat(df.collectAsList()).hasSize(sampleRecords.size());
    SparkPlan scan = JavaConverters.seqAsJavaList(df.queryExecution().executedPlan().collectLeaves()).get(0);
    assertThat(metric(scan, ReadMetric.ROWS.key())).isEqualTo(sampleRecords.size());
    assertThat(metric(scan, ReadMetric.CHECKPOINTS.key())).isEqualTo(df.rdd().getNumPartitions()).isGreaterThan(3);
    assertThat(metric(scan, ReadMetric.DATA_BYTES.key())).isBetween(Files.size(file), Files.size(file) * 2);
    // Counted where the bytes are read: each task read exactly its own checkpoint's window, nothing else of the index.
    assertThat(metric(scan, ReadMetric.INDEX_BYTES.key())).isEqualTo(plannedWindowBytes(scan)).isPositive();
    assertThat(metric(scan, ReadMetric.REQUESTS.key())).isPositive();
  }

  @Test
  void wrappedPlainFastqWithoutAnIndexIsReadInOnePiece() throws Exception {
    byte[] wrapped = io.dataplug.formats.testing.FastqGenerator.generate(8, 3 << 20, false, 60);
    Path file = Files.write(temp.resolve("wrapped.fastq"), wrapped);
    Dataset<Row> df = spark.read().format("dataplug-fastq").option("splitSize", "1m").load(file.toString());
    assertThat(df.rdd().getNumPartitions()).as("split points cannot be verified without an index").isOne();
    List<String> want = ReferenceFastq.parse(wrapped);
    assertThat(df.collectAsList().stream().map(FastqSourceTest::text)).containsExactlyElementsOf(want);
    assertThat(indexFiles()).isZero();
    Dataset<Row> indexed = spark.read().format("dataplug-fastq").option("splitSize", "1m").option("index", "rebuild").option("checkpointSpan", "256k")
        .load(file.toString());
    assertThat(indexed.rdd().getNumPartitions()).as("with an index it splits").isGreaterThan(2);
    assertThat(indexed.collectAsList().stream().map(FastqSourceTest::text)).containsExactlyElementsOf(want);
  }

  @Test
  void indexLocationKeepsTheDataFolderUntouched() throws Exception {
    Path data = Files.createDirectories(temp.resolve("readonly"));
    Path file = Files.copy(REAL.resolve(SAMPLE), data.resolve(SAMPLE));
    Path indexes = temp.resolve("indexes");
    long n = spark.read().format("dataplug-fastqgz").option("indexLocation", indexes.toString()).load(file.toString()).count();
    assertThat(n).isEqualTo(sampleRecords.size());
    try (Stream<Path> files = Files.list(data)) {
      assertThat(files).hasSize(1);
    }
    try (Stream<Path> files = Files.walk(indexes)) {
      assertThat(files.filter(p -> p.getFileName().toString().equals("." + SAMPLE + ".dpidx"))).hasSize(1);
    }
  }

  @Test
  void ignoreCorruptFilesSkipsThemWithAWarning() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("mixed"));
    Files.copy(REAL.resolve(SAMPLE), dir.resolve("good.fastq.gz"));
    byte[] whole = Files.readAllBytes(REAL.resolve(SAMPLE));
    Files.write(dir.resolve("cut.fastq.gz"), java.util.Arrays.copyOf(whole, whole.length / 3));
    try (CapturedLog log = CapturedLog.at(org.apache.logging.log4j.Level.WARN)) {
      long n = spark.read().format("dataplug-fastqgz").option("ignoreCorruptFiles", "true").load(dir.toString())
          .select("name").collectAsList().size();
      assertThat(n).isEqualTo(sampleRecords.size());
      assertThat(log.warnings("ignoreCorruptFiles=true")).as("the README's warning").isNotEmpty()
          .allMatch(w -> w.contains("cut.fastq.gz") && !w.contains("good.fastq.gz"));
    }
  }

  @Test
  void theReadmeWarningsAreLogged() throws Exception {
    Path file = copy(SAMPLE);
    Path wrapped = copy("tricky.fastq");
    try (CapturedLog log = CapturedLog.at(org.apache.logging.log4j.Level.WARN)) {
      spark.read().format("dataplug-fastqgz").option("partitions", "1000").load(file.toString()).rdd().getNumPartitions();
      assertThat(log.warnings("Asked for 1000 partitions but the indexes allow only 1"))
          .as("capped partitions").isNotEmpty().allMatch(w -> w.contains("use a smaller checkpointSpan"));

      java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(file);
      Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(modified.toMillis() + 60_000));
      spark.read().format("dataplug-fastqgz").load(file.toString()).count();
      assertThat(log.warnings("Stale index")).as("stale index rebuilt").isNotEmpty()
          .allMatch(w -> w.contains(SAMPLE) && w.contains("rebuilding it (index=auto)"));

      long records = spark.read().format("dataplug-fastq").option("splitSize", "100").load(wrapped.toString())
          .collectAsList().size();
      assertThat(records).isEqualTo(countOf("tricky.fastq"));
      assertThat(log.warnings("Could not verify strict 4-line FASTQ records at the split points of"))
          .as("unsplittable plain FASTQ").isNotEmpty()
          .allMatch(w -> w.contains("tricky.fastq") && w.contains("bin/dataplug index"));
    }
  }

  @Test
  void partitionsCarryOnlyTheirOwnIndexEntry() throws Exception {
    Path file = copy(SAMPLE);
    Dataset<Row> df = spark.read().format("dataplug-fastqgz").option("checkpointSpan", "16k").option("splitSize", "256k")
        .load(file.toString());
    long indexSize;
    df.count();
    indexSize = Files.size(temp.resolve("." + SAMPLE + ".dpidx"));
    org.apache.spark.sql.connector.read.InputPartition[] partitions =
        partitionsOf(LidarSourceTest.scanOf(df.select("name")));
    assertThat(partitions.length).isGreaterThan(10);
    for (org.apache.spark.sql.connector.read.InputPartition partition : partitions) {
      assertThat(serialized(partition).length).as("serialized partition").isLessThan(2048)
          .isLessThan((int) indexSize / 50);
    }
  }

  /** The input partitions a scan node plans. */
  static org.apache.spark.sql.connector.read.InputPartition[] partitionsOf(SparkPlan scan) {
    return ((org.apache.spark.sql.execution.datasources.v2.BatchScanExec) scan).batch().planInputPartitions();
  }

  /** An object as Java serialization writes it: what travels from the driver to a task. */
  static byte[] serialized(Object object) throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    return bytes.toByteArray();
  }

  /** The compressed window bytes of every slice's checkpoint: what the tasks must read of the index, and no more. */
  static long plannedWindowBytes(SparkPlan scan) {
    long bytes = 0;
    for (org.apache.spark.sql.connector.read.InputPartition partition : partitionsOf(scan)) {
      for (io.dataplug.formats.api.Slice slice : ((SparkInputPartition) partition).slices) {
        io.dataplug.formats.index.Checkpoint start = ((io.dataplug.formats.plan.FileSlice) slice).start();
        if (start != null && start.hasWindow()) {
          bytes += start.windowLength();
        }
      }
    }
    return bytes;
  }

  static long metric(SparkPlan plan, String name) {
    Option<SQLMetric> metric = plan.metrics().get(name);
    assertThat(metric.isDefined()).as("metric %s on %s", name, plan.nodeName()).isTrue();
    return metric.get().value();
  }
}
