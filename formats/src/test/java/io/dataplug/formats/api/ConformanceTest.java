package io.dataplug.formats.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.testing.FormatReads;
import io.dataplug.formats.storage.LocalBlobStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks every format passes, through the format interface alone (no Spark), declared as rows: format, fixture,
 * partitioning. A new format adds its rows here; the checks stay the same.
 */
class ConformanceTest {
  /** A fixture of one format: its short name, its file under testdata and files it needs beside it. */
  record Fixture(String format, String file, List<String> companions) {
    Fixture(String format, String file) {
      this(format, file, List.of());
    }

    @Override
    public String toString() {
      return format + " " + file;
    }
  }

  static final Fixture FASTQ_GZIP = new Fixture("dataplug-fastq", "fastq/ERR127302_1_subset.fastq.gz");
  static final Fixture FASTQ_MULTI_MEMBER = new Fixture("dataplug-fastq", "fastq/multiblock.fastq.gz");
  static final Fixture FASTQ_BGZF = new Fixture("dataplug-fastq", "fastq/fastq_sample1.fq.bgz");
  static final Fixture FASTQ_PLAIN = new Fixture("dataplug-fastq", "fastq/5k-30BB2AAXX.3.aligned.sam.fastq");
  static final Fixture FASTQ_WRAPPED = new Fixture("dataplug-fastq", "fastq/tricky.fastq");
  static final Fixture LAZ = new Fixture("dataplug-las", "laz/autzen_trim.laz");
  static final Fixture LAS = new Fixture("dataplug-las", "las/autzen-bmx-2023.las");
  static final Fixture LAZ_LAYERED = new Fixture("dataplug-las", "laz/append-bug.laz");
  static final Fixture COPC = new Fixture("dataplug-copc", "copc/1.2-with-color.copc.laz");

  static final Fixture VCF_PLAIN = new Fixture("dataplug-vcf", "vcf/4.vcf");
  static final Fixture VCF_GZIP = new Fixture("dataplug-vcf", "vcf/4.vcf.gz");
  static final Fixture VCF_BGZF = new Fixture("dataplug-vcf", "vcf/chr22.vcf.gz");
  static final Fixture VCF_SITES_BGZF = new Fixture("dataplug-vcf", "vcf/YRI.trio.2010_07.indel.sites.vcf.gz");
  static final Fixture VCF_43 = new Fixture("dataplug-vcf", "vcf/all43Features.utf8.vcf");

  static final Fixture FASTA_PLAIN = new Fixture("dataplug-fasta", "fasta/mitoAlignmentStartTest.fa");
  static final Fixture FASTA_CONTIGS = new Fixture("dataplug-fasta", "fasta/hg19mini.fasta");
  static final Fixture FASTA_GZIP = new Fixture("dataplug-fasta", "fasta/someORF.fa.gz");
  static final Fixture FASTA_BGZF = new Fixture("dataplug-fasta", "fasta/Homo_sapiens_assembly18.trimmed.fasta.gz");

  static final Fixture IMZML_CONTINUOUS = new Fixture("dataplug-imzml", "imzml/Example_Continuous.imzML",
      List.of("imzml/Example_Continuous.ibd"));
  static final Fixture IMZML_PROCESSED = new Fixture("dataplug-imzml", "imzml/Example_Processed.imzML",
      List.of("imzml/Example_Processed.ibd"));

  static final Fixture COG_DEFLATE = new Fixture("dataplug-cog", "cog/cog.tif");
  static final Fixture COG_LZW_FLOAT = new Fixture("dataplug-cog", "cog/cog_nonearth.tif");
  static final Fixture COG_JPEG = new Fixture("dataplug-cog", "cog/cog_rgb.tif");
  static final Fixture COG_JPEG_MASK = new Fixture("dataplug-cog", "cog/cogeo.tif");
  static final Fixture COG_PIXEL_INTERLEAVED = new Fixture("dataplug-cog", "cog/image_rioCOG_gdal3.1.tif");

  // Zarr stores are folders: copied whole; a folder is not detected from a file's first bytes.
  static final Fixture ZARR_ZLIB_3D = new Fixture("dataplug-zarr", "zarr/zarr-python-fixture/20/1");
  static final Fixture ZARR_BLOSC_LZ4_F = new Fixture("dataplug-zarr", "zarr/zarr-python-fixture/10/6");
  static final Fixture ZARR_BLOSC_ZSTD_F = new Fixture("dataplug-zarr", "zarr/zarr-python-fixture/19/3");
  static final Fixture ZARR_NESTED_KEYS = new Fixture("dataplug-zarr", "zarr/zarr-python-fixture/nested");
  // Kerchunk references to a real NetCDF4 file, which is copied beside them (their URLs are relative).
  static final Fixture KERCHUNK_JSON = new Fixture("dataplug-kerchunk", "kerchunk/air.json",
      List.of("kerchunk/air.nc"));
  static final Fixture KERCHUNK_PARQUET = new Fixture("dataplug-kerchunk", "kerchunk/air.parq",
      List.of("kerchunk/air.nc"));
  static final Fixture KERCHUNK_GEN_V1 = new Fixture("dataplug-kerchunk", "kerchunk/air_gen_v1.json",
      List.of("kerchunk/air.nc"));

  static final List<Fixture> FIXTURES = List.of(FASTQ_GZIP, FASTQ_MULTI_MEMBER, FASTQ_BGZF, FASTQ_PLAIN,
      FASTQ_WRAPPED, LAZ, LAS, LAZ_LAYERED, COPC, VCF_PLAIN, VCF_GZIP, VCF_BGZF, VCF_SITES_BGZF, VCF_43, FASTA_PLAIN,
      FASTA_CONTIGS, FASTA_GZIP, FASTA_BGZF, IMZML_CONTINUOUS, IMZML_PROCESSED, COG_DEFLATE, COG_LZW_FLOAT, COG_JPEG,
      COG_JPEG_MASK, COG_PIXEL_INTERLEAVED, ZARR_ZLIB_3D, ZARR_BLOSC_LZ4_F, ZARR_BLOSC_ZSTD_F, ZARR_NESTED_KEYS, KERCHUNK_JSON, KERCHUNK_PARQUET,
      KERCHUNK_GEN_V1);

  /**
   * One changed byte and what must catch it: {@code afterIndexing} changes it after the sidecar index was built and
   * keeps the file's modification time, so that only the index's checksums can notice; the error names the file and
   * says {@code named}.
   */
  record Corruption(Fixture fixture, long offset, boolean afterIndexing, String named, String checkedBy) {
    @Override
    public String toString() {
      return fixture + " byte " + offset + " (" + checkedBy + ")";
    }
  }

  static final List<Corruption> CORRUPTIONS = List.of(
      new Corruption(FASTQ_GZIP, 700_000, false, "compressed byte", "deflate and the gzip CRC32"),
      new Corruption(FASTQ_GZIP, 700_000, true, "CRC32 of uncompressed bytes", "the index's span CRC32"),
      new Corruption(FASTQ_BGZF, 300, false, "compressed byte", "deflate and the BGZF block's CRC32"),
      // At byte 401 the changed block still inflates (to other bytes of the same length): only CRC32s can tell.
      new Corruption(FASTQ_BGZF, 401, true, "CRC32", "the BGZF block's CRC32 and the index's span CRC32"),
      new Corruption(FASTQ_PLAIN, 500_000, true, "CRC32 of uncompressed bytes", "the index's span CRC32"),
      new Corruption(LAS, 20_000, true, "CRC mismatch in block", "the index's block CRC32"),
      new Corruption(LAZ, 300_000, true, "CRC mismatch in chunk", "the index's chunk CRC32"),
      new Corruption(COPC, 469 + 7, false, "Corrupt COPC hierarchy page", "the COPC info VLR's hierarchy offset (structural)"));

  /** A committed broken file (testdata/broken) and what its error must say besides the file's name. */
  record Broken(String format, String file, List<String> named) {
    @Override
    public String toString() {
      return format + " " + file;
    }
  }

  static final List<Broken> BROKEN = List.of(
      new Broken("dataplug-fastq", "broken/ERR127302_1_subset.truncated.fastq.gz",
          List.of("truncated", "compressed byte 65536")),
      new Broken("dataplug-las", "broken/simple.corrupt-chunk.laz",
          List.of("Corrupt LAZ chunk: chunk 0 (bytes 341+17862)", "failed after 756 of 1065 points")));

  /**
   * A committed index file of one layout version (testdata/index), built for a fixture whose modification time is
   * set to {@link #INDEXED_MTIME}: every later reader must still use it.
   */
  record CommittedIndex(Fixture data, String index, int layoutVersion) {
    @Override
    public String toString() {
      return index;
    }
  }

  static final long INDEXED_MTIME = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  static final List<CommittedIndex> COMMITTED_INDEXES = List.of(
      new CommittedIndex(FASTQ_GZIP, "index/ERR127302_1_subset.fastq.gz.v1.dpidx", 1),
      new CommittedIndex(LAZ, "index/autzen_trim.laz.v1.dpidx", 1),
      new CommittedIndex(FASTA_GZIP, "index/someORF.fa.gz.v2.dpidx", 2));

  /** Partitionings from tiny to whole-file, by size and by count. */
  static final List<Map<String, String>> PARTITIONINGS = List.of(
      Map.of("splitSize", "2k"),
      Map.of("splitSize", "64k", "checkpointSpan", "16k", "blockPoints", "997"),
      Map.of("partitions", "3"),
      Map.of("splitSize", "1g"));

  static Stream<Arguments> partitionings() {
    List<Arguments> rows = new ArrayList<>();
    for (Fixture f : FIXTURES) {
      for (Map<String, String> p : PARTITIONINGS) {
        rows.add(Arguments.of(f, p));
      }
    }
    return rows.stream();
  }

  static Stream<Fixture> fixtures() {
    return FIXTURES.stream();
  }

  @TempDir Path temp;
  final BlobStore store = new LocalBlobStore();

  @AfterEach
  void noBlobLeftOpen() {
    assertThat(BlobStore.openBlobs()).as("blobs opened and not closed").isZero();
  }

  Path copy(Fixture f) throws IOException {
    for (String companion : f.companions()) {
      Path source = Path.of("../testdata").resolve(companion);
      Files.copy(source, temp.resolve(source.getFileName()));
    }
    Path source = Path.of("../testdata").resolve(f.file());
    Path target = temp.resolve(source.getFileName());
    return io.dataplug.formats.testing.TestFiles.copy(source, target);
  }

  static FormatDataset open(DataFormat format, BlobStore store, Path file, Map<String, String> options)
      throws IOException {
    return format.open(store, ReadOptions.parse(format, List.of(file.toString()), FormatReads.declared(format, options),
        Map.of()));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("partitionings")
  void everyPartitioningEqualsTheReferenceRead(Fixture f, Map<String, String> partitioning) throws IOException {
    DataFormat format = Formats.byShortName(f.format());
    Path file = copy(f);
    FormatDataset reference = open(format, store, file, Map.of());
    List<String> columns = FormatReads.allColumns(reference);
    FormatReads expected = FormatReads.read(store, reference.referencePlan(ScanRequest.all(columns)), -1);
    assertThat(expected.rows).isNotEmpty();

    FormatDataset dataset = open(format, store, file, partitioning);
    ScanPlan plan = dataset.plan(ScanRequest.all(columns));
    FormatReads actual = FormatReads.read(store, plan, -1);
    assertThat(actual.rows).as("rows of %s", plan.partitions()).containsExactlyElementsOf(expected.rows);
    assertThat(actual.metrics.get(ReadMetric.ROWS)).isEqualTo(expected.rows.size());
    assertThat(actual.allocatorsLeftOpen).isZero();
    if (dataset.canCount(ScanRequest.all(columns))) {
      assertThat(dataset.count(ScanRequest.all(columns))).isEqualTo(OptionalLong.of(expected.rows.size()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void columnPruningGivesTheSameValues(Fixture f) throws IOException {
    DataFormat format = Formats.byShortName(f.format());
    Path file = copy(f);
    FormatDataset dataset = open(format, store, file, Map.of("partitions", "2"));
    List<String> all = FormatReads.allColumns(dataset);
    List<String> full = FormatReads.read(store, dataset.plan(ScanRequest.all(all)), -1).rows;
    List<String> some = List.of(all.get(all.size() - 1), all.get(0));
    List<String> pruned = FormatReads.read(store, dataset.plan(ScanRequest.all(some)), -1).rows;
    List<String> expected = new ArrayList<>();
    for (String row : full) {
      String[] values = row.split("\\|", -1);
      expected.add(values[all.size() - 1] + "|" + values[0] + "|");
    }
    assertThat(pruned).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void limitOpensOnlyTheSlicesThatHoldTheFirstRows(Fixture f) throws IOException {
    DataFormat format = Formats.byShortName(f.format());
    Path file = copy(f);
    FormatDataset dataset = open(format, store, file, Map.of("splitSize", "2k"));
    List<String> columns = FormatReads.allColumns(dataset);
    List<String> all = FormatReads.read(store, dataset.plan(ScanRequest.all(columns)), -1).rows;
    ScanPlan plan = dataset.plan(new ScanRequest(columns, List.of(), 3));
    FormatReads limited = FormatReads.read(store, plan, -1);
    assertThat(limited.rows.subList(0, 3)).containsExactlyElementsOf(all.subList(0, 3));
    long slices = plan.partitions().stream().mapToLong(List::size).sum();
    assertThat(limited.metrics.get(ReadMetric.SLICES_OPENED)).isEqualTo(slices);
    // The plan is the shortest prefix that holds 3 rows: without its last slice, fewer would be read.
    List<List<Slice>> shorter = new ArrayList<>(plan.partitions());
    List<Slice> last = new ArrayList<>(shorter.remove(shorter.size() - 1));
    last.remove(last.size() - 1);
    if (!last.isEmpty()) {
      shorter.add(last);
    }
    ScanPlan withoutLast = new ScanPlan(shorter, plan.readers(), List.of(), Map.of());
    assertThat(FormatReads.read(store, withoutLast, -1).rows).as("rows without the plan's last slice").hasSizeLessThan(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void unknownAndBadOptionsListWhatIsAllowed(Fixture f) {
    DataFormat format = Formats.byShortName(f.format());
    assertThatThrownBy(() -> ReadOptions.parse(format, List.of("x"), Map.of("splitSzie", "1m"), Map.of()))
        .hasMessageContaining("Unknown option 'splitSzie'").hasMessageContaining("Did you mean splitSize?")
        .hasMessageContaining("Known options: splitSize");
    assertThatThrownBy(() -> ReadOptions.parse(format, List.of("x"), Map.of("splitSize", "huge"), Map.of()))
        .hasMessageContaining("Invalid value 'huge' for option splitSize").hasMessageContaining("128m");
    assertThatThrownBy(() -> ReadOptions.parse(format, List.of("x"), Map.of("batchSize", "0"), Map.of()))
        .hasMessageContaining("Invalid value '0' for option batchSize: use a positive integer");
    assertThatThrownBy(() -> ReadOptions.parse(format, List.of("x"), Map.of("splitSize", "1m", "partitions", "2"),
        Map.of())).hasMessageContaining("not both");
  }

  static Stream<Fixture> fileFixtures() {
    return FIXTURES.stream().filter(f -> !Files.isDirectory(Path.of("../testdata").resolve(f.file())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fileFixtures")
  void theFormatRecognisesItsFixture(Fixture f) throws IOException {
    Path file = copy(f);
    try (var blob = store.open(file.toString())) {
      DataFormat detected = Formats.detect(blob);
      assertThat(detected).isNotNull();
      // COPC files are LAZ too: the first format that recognises them is dataplug-las.
      assertThat(detected.shortNames().get(0)).isEqualTo(f.format().equals("dataplug-copc") ? "dataplug-las" : f.format());
      assertThat(Formats.byShortName(f.format()).detect(
          Files.readAllBytes(file), (int) Math.min(Formats.DETECT_BYTES, Files.size(file)))).isTrue();
    }
  }

  /** Fixtures of the formats that keep a sidecar index (COPC's own hierarchy is its index). */
  static Stream<Fixture> indexedFixtures() {
    return FIXTURES.stream().filter(f -> Formats.byShortName(f.format()).options().contains(CommonOptions.INDEX));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("indexedFixtures")
  void aStaleIndexIsRebuiltInAutoAndRefusedInRequire(Fixture f) throws IOException {
    DataFormat format = Formats.byShortName(f.format());
    Path file = copy(f);
    FormatDataset dataset = open(format, store, file, Map.of("index", "rebuild"));
    assertThat(dataset.indexFile(file.toString(), io.dataplug.formats.index.IndexBuilder.Progress.NONE)).isNotNull();
    // Same length, another modification time: the index no longer describes the file.
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(file)
        .toMillis() + 60_000));
    assertThatThrownBy(() -> open(format, store, file, Map.of("index", "require"))
        .indexFile(file.toString(), io.dataplug.formats.index.IndexBuilder.Progress.NONE))
        .hasMessageContaining("Stale index").hasMessageContaining("index=require");
    IndexReport rebuilt = open(format, store, file, Map.of("index", "auto"))
        .indexFile(file.toString(), io.dataplug.formats.index.IndexBuilder.Progress.NONE);
    assertThat(rebuilt).isNotNull();
    open(format, store, file, Map.of("index", "require"))
        .indexFile(file.toString(), io.dataplug.formats.index.IndexBuilder.Progress.NONE);
  }

  static Stream<Arguments> brokenFiles() {
    List<Arguments> rows = new ArrayList<>();
    for (Broken b : BROKEN) {
      rows.add(Arguments.of(b, Map.of("splitSize", "1g")));
      rows.add(Arguments.of(b, Map.of("splitSize", "2k", "checkpointSpan", "16k", "blockPoints", "997")));
    }
    return rows.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("brokenFiles")
  void aBrokenFileIsAnErrorNamingTheFileAndWhere(Broken b, Map<String, String> partitioning) throws IOException {
    DataFormat format = Formats.byShortName(b.format());
    Path file = copy(new Fixture(b.format(), b.file()));
    var error = assertThatThrownBy(() -> {
      FormatDataset dataset = open(format, store, file, partitioning);
      FormatReads.read(store, dataset.plan(ScanRequest.all(FormatReads.allColumns(dataset))), -1);
    }).hasMessageContaining(file.toString());
    for (String part : b.named()) {
      error.hasMessageContaining(part);
    }
  }

  static Stream<CommittedIndex> committedIndexes() {
    return COMMITTED_INDEXES.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("committedIndexes")
  void aCommittedIndexOfEachLayoutVersionIsStillRead(CommittedIndex c) throws IOException {
    DataFormat format = Formats.byShortName(c.data().format());
    Path file = copy(c.data());
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(INDEXED_MTIME));
    byte[] committed = Files.readAllBytes(Path.of("../testdata").resolve(c.index()));
    assertThat(java.nio.ByteBuffer.wrap(committed, 8, 4).getInt()).as("layout version").isEqualTo(c.layoutVersion());
    Path sidecar = file.resolveSibling("." + file.getFileName() + ".dpidx");
    Files.write(sidecar, committed);

    List<String> columns = FormatReads.allColumns(open(format, store, file, Map.of()));
    List<String> expected = FormatReads.read(store,
        open(format, store, file, Map.of()).referencePlan(ScanRequest.all(columns)), -1).rows;
    FormatDataset dataset = open(format, store, file, Map.of("index", "require", "partitions", "3"));
    ScanPlan plan = dataset.plan(ScanRequest.all(columns));
    assertThat(plan.partitions()).hasSizeGreaterThan(1);
    assertThat(FormatReads.read(store, plan, -1).rows).containsExactlyElementsOf(expected);
    assertThat(dataset.count(ScanRequest.all(columns))).isEqualTo(OptionalLong.of(expected.size()));
    assertThat(Files.readAllBytes(sidecar)).as("the committed index, not rebuilt").isEqualTo(committed);
  }

  static Stream<Corruption> corruptions() {
    return CORRUPTIONS.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptions")
  void aCorruptedByteIsAnErrorNamingTheFile(Corruption c) throws IOException {
    DataFormat format = Formats.byShortName(c.fixture().format());
    Path file = copy(c.fixture());
    Map<String, String> options = Map.of("splitSize", "64k", "checkpointSpan", "16k", "blockPoints", "997");
    if (c.afterIndexing()) {
      open(format, store, file, options).indexFile(file.toString(), io.dataplug.formats.index.IndexBuilder.Progress.NONE);
    }
    java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(c.offset());
      int b = raf.read();
      raf.seek(c.offset());
      raf.write(b ^ 0x01);
    }
    Files.setLastModifiedTime(file, modified);
    assertThatThrownBy(() -> {
      FormatDataset dataset = open(format, store, file, options);
      List<String> columns = FormatReads.allColumns(dataset);
      ScanRequest all = ScanRequest.all(columns);
      FormatReads.read(store, c.afterIndexing() ? dataset.plan(all) : dataset.referencePlan(all), -1);
    }).hasMessageContaining(file.toString()).hasMessageContaining(c.named());
  }
}
