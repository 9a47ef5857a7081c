package io.dataplug.formats.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.storage.LocalBlobStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
  /** A fixture of one format: its short name, its file, and (for corruption) a byte offset that a check covers. */
  record Fixture(String format, String file, long checkedByte, String checkedByWhat) {
    @Override
    public String toString() {
      return format + " " + file;
    }
  }

  static final List<Fixture> FIXTURES = List.of(
      new Fixture("dataplug-fastq", "fastq/ERR127302_1_subset.fastq.gz", 700_000, "gzip CRC32"),
      new Fixture("dataplug-fastq", "fastq/multiblock.fastq.gz", -1, null),
      new Fixture("dataplug-fastq", "fastq/fastq_sample1.fq.bgz", -1, null),
      new Fixture("dataplug-fastq", "fastq/5k-30BB2AAXX.3.aligned.sam.fastq", -1, null),
      new Fixture("dataplug-fastq", "fastq/tricky.fastq", -1, null),
      new Fixture("dataplug-las", "laz/autzen_trim.laz", -1, null),
      new Fixture("dataplug-las", "las/autzen-bmx-2023.las", -1, null),
      new Fixture("dataplug-las", "laz/append-bug.laz", -1, null),
      new Fixture("dataplug-copc", "copc/1.2-with-color.copc.laz", -1, null));

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
    Path source = Path.of("../testdata").resolve(f.file());
    Path target = temp.resolve(source.getFileName());
    Files.copy(source, target);
    return target;
  }

  /** Options the format declares, from {@code wanted}; the rest (another format's) dropped. */
  static Map<String, String> declared(DataFormat format, Map<String, String> wanted) {
    Map<String, String> out = new HashMap<>();
    for (OptionSpec<?> spec : format.options()) {
      if (wanted.containsKey(spec.name())) {
        out.put(spec.name(), wanted.get(spec.name()));
      }
    }
    return out;
  }

  static FormatDataset open(DataFormat format, BlobStore store, Path file, Map<String, String> options)
      throws IOException {
    return format.open(store, ReadOptions.parse(format, List.of(file.toString()), declared(format, options), Map.of()));
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void aStaleIndexIsRebuiltInAutoAndRefusedInRequire(Fixture f) throws IOException {
    DataFormat format = Formats.byShortName(f.format());
    if (!format.options().contains(CommonOptions.INDEX)) {
      return; // no sidecar: the file's own metadata is its index
    }
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void aCorruptedByteIsAnErrorNamingTheFile(Fixture f) throws IOException {
    if (f.checkedByte() < 0) {
      return;
    }
    DataFormat format = Formats.byShortName(f.format());
    Path file = copy(f);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(f.checkedByte());
      int b = raf.read();
      raf.seek(f.checkedByte());
      raf.write(b ^ 0x01);
    }
    FormatDataset dataset = open(format, store, file, Map.of());
    List<String> columns = FormatReads.allColumns(dataset);
    assertThatThrownBy(() -> FormatReads.read(store, dataset.referencePlan(ScanRequest.all(columns)), -1))
        .hasMessageContaining(file.toString());
  }
}
