package io.dataplug.formats.fasta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import htsjdk.samtools.reference.FastaSequenceFile;
import htsjdk.samtools.reference.ReferenceSequence;
import htsjdk.samtools.reference.ReferenceSequenceFile;
import htsjdk.samtools.reference.ReferenceSequenceFileFactory;
import io.dataplug.formats.api.BatchReader;
import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.Predicate;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanPlan;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.storage.LocalBlobStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bases of every contig of the real FASTA files, read in pieces through every layout (a .fai, a .fai with a
 * .gzi, this project's index) and partitioning, equal htsjdk's sequential {@code FastaSequenceFile}; region reads equal
 * htsjdk's indexed reader and fetch only their bytes.
 */
class FastaEquivalenceTest {
  @TempDir Path temp;
  private final BlobStore store = new LocalBlobStore();

  @AfterEach
  void noBlobLeftOpen() {
    assertThat(BlobStore.openBlobs()).isZero();
  }

  /** A row: contig, start, end, sequence. */
  record Piece(String contig, long start, long end, String sequence) {}

  static final class Read {
    final List<Piece> pieces = new ArrayList<>();
    final Map<ReadMetric, Long> metrics = new java.util.EnumMap<>(ReadMetric.class);
  }

  private Path copy(String name, boolean companions) throws IOException {
    Path source = Path.of("../testdata/fasta").resolve(name);
    Path target = temp.resolve(name);
    Files.copy(source, target);
    if (companions) {
      for (String suffix : List.of(".fai", ".gzi")) {
        Path companion = Path.of(source + suffix);
        if (Files.exists(companion)) {
          Files.copy(companion, Path.of(target + suffix));
        }
      }
    }
    return target;
  }

  private FormatDataset open(Path file, Map<String, String> options) throws IOException {
    DataFormat format = Formats.byShortName("dataplug-fasta");
    return format.open(store, ReadOptions.parse(format, List.of(file.toString()), options, Map.of()));
  }

  private Read read(FormatDataset dataset, ScanPlan plan) throws IOException {
    Read out = new Read();
    try (BufferAllocator root = new RootAllocator()) {
      for (List<Slice> partition : plan.partitions()) {
        try (BufferAllocator allocator = root.newChildAllocator("p", 0, Long.MAX_VALUE);
            BatchReader reader = plan.readers().open(store, partition, allocator)) {
          while (reader.next()) {
            VarCharVector contig = (VarCharVector) reader.vectors().get(0);
            BigIntVector start = (BigIntVector) reader.vectors().get(1);
            BigIntVector end = (BigIntVector) reader.vectors().get(2);
            VarCharVector sequence = (VarCharVector) reader.vectors().get(3);
            for (int i = 0; i < reader.rows(); i++) {
              out.pieces.add(new Piece(new String(contig.get(i), StandardCharsets.UTF_8), start.get(i), end.get(i),
                  new String(sequence.get(i), StandardCharsets.UTF_8)));
            }
          }
          reader.metrics().forEach((k, v) -> out.metrics.merge(k, v, Long::sum));
        }
      }
    }
    return out;
  }

  private static final List<String> COLUMNS = List.of("contigName", "start", "end", "sequence");

  private static Map<String, String> htsjdk(Path file) {
    Map<String, String> contigs = new LinkedHashMap<>();
    try (FastaSequenceFile reader = new FastaSequenceFile(file, true)) {
      for (ReferenceSequence s = reader.nextSequence(); s != null; s = reader.nextSequence()) {
        contigs.put(s.getName(), new String(s.getBases(), StandardCharsets.US_ASCII));
      }
    }
    return contigs;
  }

  @ParameterizedTest(name = "{0} companions={1} {2}")
  @CsvSource({
      "hg19mini.fasta, true, splitSize=7k", "hg19mini.fasta, false, partitions=3",
      "mitoAlignmentStartTest.fa, true, splitSize=2k", "mitoAlignmentStartTest.fa, false, splitSize=1g",
      "someORF.fa.gz, false, splitSize=2k",
      "Homo_sapiens_assembly18.trimmed.fasta.gz, true, splitSize=64k",
      "Homo_sapiens_assembly18.trimmed.fasta.gz, false, partitions=4"})
  void everyContigEqualsHtsjdkInPiecesAtMultiplesOfThePieceLength(String name, boolean companions, String split)
      throws IOException {
    Path file = copy(name, companions);
    String[] option = split.split("=");
    FormatDataset dataset = open(file, Map.of(option[0], option[1], "pieceLength", "1000", "checkpointSpan", "16k"));
    ScanPlan plan = dataset.plan(ScanRequest.all(COLUMNS));
    assertThat(plan.partitions().get(0).get(0).describe()).contains(companions ? ".fai" : "index");
    Read read = read(dataset, plan);
    Map<String, StringBuilder> joined = new LinkedHashMap<>();
    for (Piece p : read.pieces) {
      StringBuilder sequence = joined.computeIfAbsent(p.contig(), k -> new StringBuilder());
      assertThat(p.start()).as("piece of %s", p.contig()).isEqualTo(sequence.length()).isEqualTo(p.start() / 1000 * 1000);
      assertThat(p.end() - p.start()).isEqualTo(p.sequence().length());
      sequence.append(p.sequence());
    }
    Map<String, String> expected = htsjdk(file);
    assertThat(joined.keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach((contig, bases) -> assertThat(joined.get(contig).toString()).as(contig).isEqualTo(bases));
    assertThat(dataset.count(ScanRequest.all(COLUMNS)).getAsLong()).isEqualTo(read.pieces.size());

    Read reference = read(dataset, dataset.referencePlan(ScanRequest.all(COLUMNS)));
    assertThat(read.pieces).containsExactlyElementsOf(reference.pieces);
  }

  @ParameterizedTest(name = "{0} companions={1}")
  @CsvSource({"hg19mini.fasta, true", "hg19mini.fasta, false",
      "Homo_sapiens_assembly18.trimmed.fasta.gz, true", "Homo_sapiens_assembly18.trimmed.fasta.gz, false"})
  void aRegionReadsOnlyItsPiecesAndEqualsTheIndexedReader(String name, boolean companions) throws IOException {
    Path file = copy(name, companions);
    FormatDataset dataset = open(file, Map.of("pieceLength", "1000", "checkpointSpan", "16k"));
    Read all = read(dataset, dataset.plan(ScanRequest.all(COLUMNS)));
    Piece middle = all.pieces.get(all.pieces.size() / 2);
    List<Predicate> region = List.of(new Predicate("contigName", Predicate.Op.EQ, middle.contig()),
        new Predicate("end", Predicate.Op.GT, middle.start() + 10),
        new Predicate("start", Predicate.Op.LT, middle.start() + 2500));
    Read regionRead = read(dataset, dataset.plan(new ScanRequest(COLUMNS, region, -1)));
    List<Piece> expected = all.pieces.stream().filter(p -> p.contig().equals(middle.contig())
        && p.end() > middle.start() + 10 && p.start() < middle.start() + 2500).toList();
    assertThat(regionRead.pieces).containsExactlyElementsOf(expected);
    assertThat(regionRead.metrics.get(ReadMetric.DATA_BYTES)).isLessThan(all.metrics.get(ReadMetric.DATA_BYTES) / 2);
    if (companions) {
      try (ReferenceSequenceFile indexed = ReferenceSequenceFileFactory.getReferenceSequenceFile(file)) {
        for (Piece p : expected) {
          assertThat(new String(indexed.getSubsequenceAt(p.contig(), p.start() + 1, p.end()).getBases(),
              StandardCharsets.US_ASCII)).isEqualTo(p.sequence());
        }
      }
    }
  }

  @Test
  void aFaiThatDoesNotMatchItsFastaIsAnErrorNamingBoth() throws IOException {
    Path file = copy("hg19mini.fasta", true);
    Files.writeString(Path.of(file + ".fai"), "1\t16000\t50\t80\t81\n");
    assertThatThrownBy(() -> open(file, Map.of()).plan(ScanRequest.all(COLUMNS)))
        .hasMessageContaining(file + ".fai does not match " + file).hasMessageContaining("contig 1");
    // Offsets that fit the headers but not the line layout: found while reading, never shifted bases.
    Files.writeString(Path.of(file + ".fai"), "1\t16000\t48\t81\t82\n2\t16000\t16296\t80\t81\n");
    FormatDataset dataset = open(file, Map.of());
    assertThatThrownBy(() -> read(dataset, dataset.plan(ScanRequest.all(COLUMNS))))
        .hasMessageContaining(file.toString()).hasMessageContaining("does not lie where its " + file + ".fai says");
  }

  @Test
  void aTruncatedBgzfBlockIsAnErrorNamingTheFile() throws IOException {
    Path file = copy("Homo_sapiens_assembly18.trimmed.fasta.gz", true);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(raf.length() - 20_000);
    }
    FormatDataset dataset = open(file, Map.of());
    assertThatThrownBy(() -> read(dataset, dataset.plan(ScanRequest.all(COLUMNS))))
        .hasMessageContaining(file.toString());
  }

  /** Offsets past 4 GiB: a sparse file whose .fai puts its last contig there; only that contig's bytes are read. */
  @Test
  void offsetsPastFourGibibytesReadOnlyTheirBytes() throws IOException {
    Path file = temp.resolve("sparse.fa");
    long far = 5L << 30;
    String head = ">small\nACGT\n";
    String tail = ">far description\n" + "ACGTACGTAC\n".repeat(3) + "ACG\n";
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.write(head.getBytes(StandardCharsets.US_ASCII));
      raf.seek(far - 1);
      raf.write('\n');
      raf.write(tail.getBytes(StandardCharsets.US_ASCII));
    }
    long offset = far + ">far description\n".length();
    Files.writeString(Path.of(file + ".fai"), "small\t4\t7\t4\t5\nfar\t33\t" + offset + "\t10\t11\n");
    FormatDataset dataset = open(file, Map.of("pieceLength", "16"));
    ScanPlan plan = dataset.plan(new ScanRequest(COLUMNS, List.of(new Predicate("contigName", Predicate.Op.EQ,
        "far")), -1));
    Read read = read(dataset, plan);
    assertThat(read.pieces).containsExactly(new Piece("far", 0, 16, "ACGTACGTACACGTAC"),
        new Piece("far", 16, 32, "GTACACGTACGTACAC"), new Piece("far", 32, 33, "G"));
    assertThat(read.metrics.get(ReadMetric.DATA_BYTES)).isLessThan(1024);
  }
}
