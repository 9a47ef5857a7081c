package io.dataplug.formats.fastq;

import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.index.IndexMode;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.plan.SlicePlanner;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.FastqGenerator;
import io.dataplug.formats.testing.GzipWriters;
import io.dataplug.formats.testing.ReferenceFastq;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every partitioning of every file gives exactly the records of a sequential reference read. */
class FastqSliceEquivalenceTest {
  static final Path REAL = Path.of("../testdata/fastq");
  static BufferAllocator allocator;
  @TempDir static Path temp;

  @BeforeAll
  static void setUp() {
    allocator = new RootAllocator();
  }

  @AfterAll
  static void tearDown() {
    allocator.close(); // throws if any buffer leaked
  }

  static Stream<Arguments> files() throws IOException {
    List<Arguments> files = new ArrayList<>();
    for (String name : List.of("tricky.fastq", "example_dos.fastq", "multiblock.fastq.gz", "fastq_sample1.fq.bgz",
        "ERR127302_1_subset.fastq.gz", "5k-30BB2AAXX.3.aligned.sam.fastq")) {
      files.add(Arguments.of(name, Files.readAllBytes(REAL.resolve(name))));
    }
    byte[] lf = FastqGenerator.generate(1, 6 << 20, false, 0);
    byte[] wrapped = FastqGenerator.generate(2, 3 << 20, true, 60);
    files.add(Arguments.of("generated-single.fastq.gz", GzipWriters.singleMember(lf, 6)));
    files.add(Arguments.of("generated-multi-crlf-wrapped.fastq.gz", GzipWriters.multiMember(wrapped, 700_000, 6)));
    files.add(Arguments.of("generated.fastq.bgz", GzipWriters.bgzf(lf)));
    files.add(Arguments.of("generated-wrapped.fastq", wrapped));
    return files.stream();
  }

  static byte[] uncompressed(Path file) throws IOException, InterruptedException {
    if (!file.toString().endsWith("gz")) {
      return Files.readAllBytes(file);
    }
    Process p = new ProcessBuilder("gzip", "-dc", file.toString()).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    assertThat(p.waitFor()).as("gzip -dc %s", file).isZero();
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void everyPartitioningEqualsSequentialRead(String name, byte[] content) throws Exception {
    Path dir = Files.createDirectories(temp.resolve(name + "-dir"));
    Path file = dir.resolve(name);
    Files.write(file, content);
    List<String> reference = ReferenceFastq.parse(uncompressed(file));
    assertThat(reference).isNotEmpty();
    BlobStore store = new LocalBlobStore();
    // The smallest span (the most checkpoints) indexed by both engines that build indexes: ISA-L's stops where asked,
    // the pure-Java decoder's at every block boundary.
    record Build(long span, InflaterEngine inflater) {}
    for (Build build : List.of(new Build(1024, InflaterEngine.JAVA), new Build(1024, InflaterEngine.ISAL),
        new Build(64 * 1024, InflaterEngine.AUTO), new Build(IndexBuilder.DEFAULT_SPAN, InflaterEngine.AUTO))) {
      long span = build.span();
      SidecarIndexes indexes = new SidecarIndexes(store, null, IndexMode.REBUILD, span, true, FastqFormat.NAME,
          new FastqFormat()::scanner, IndexBuilder.Progress.NONE).inflatingWith(build.inflater());
      FileIndex index;
      try (Blob blob = store.open(file.toString())) {
        index = indexes.loadOrBuild(blob);
      }
      assertThat(index.recordCount()).isEqualTo(reference.size());
      String indexUri = indexes.indexUriFor(file.toString());
      List<List<FileSlice>> plans = new ArrayList<>();
      for (long size : new long[] {1, span, 7 * span, Long.MAX_VALUE / 4}) {
        plans.add(SlicePlanner.bySize(index, file.toString(), indexUri, size));
      }
      for (int count : new int[] {1, 2, 7, 64}) {
        plans.add(SlicePlanner.byCount(index, file.toString(), indexUri, count));
      }
      for (List<FileSlice> plan : plans) {
        for (InflaterEngine engine : List.of(InflaterEngine.JDK, InflaterEngine.LIBDEFLATE)) {
          assertThat(readAll(store, plan, engine)).as("%s span %d indexed by %s, %d slices, %s", name, span,
              build.inflater(), plan.size(), engine).isEqualTo(reference);
        }
      }
      // Every slice start resumed by the pure-Java inflater too (the fallback when native resume fails its self-test).
      assertThat(readAll(store, plans.get(0), InflaterEngine.JAVA)).as("%s span %d, java inflater", name, span)
          .isEqualTo(reference);
      if (span == 1024) {
        assertThat(plans.get(0)).as("one slice per usable checkpoint").hasSize(SlicePlanner.usableCheckpoints(index).size());
        if (index.uncompressedLength() > 4 * span) {
          assertThat(plans.get(0).size()).isGreaterThan(1);
        }
      }
    }
  }

  /** Reads slices in order; checks ordinals are consecutive across slices. */
  static List<String> readAll(BlobStore store, List<FileSlice> slices, InflaterEngine engine) throws IOException {
    List<String> records = new ArrayList<>();
    try (FastqBatchWriter writer = new FastqBatchWriter(allocator, List.of(FastqColumn.values()))) {
      for (FileSlice slice : slices) {
        try (FastqSliceReader reader = new FastqSliceReader(store, slice, engine)) {
          while (true) {
            writer.startBatch();
            int n = reader.read(writer, 333);
            writer.finishBatch();
            if (n == 0) {
              break;
            }
            VarCharVector names = (VarCharVector) writer.vectors().get(0);
            VarCharVector descriptions = (VarCharVector) writer.vectors().get(1);
            VarCharVector sequences = (VarCharVector) writer.vectors().get(2);
            VarCharVector qualities = (VarCharVector) writer.vectors().get(3);
            BigIntVector ordinals = (BigIntVector) writer.vectors().get(5);
            for (int i = 0; i < n; i++) {
              assertThat(ordinals.get(i)).isEqualTo(records.size());
              records.add(text(names, i) + "|" + text(descriptions, i) + "|" + text(sequences, i) + "|" + text(qualities, i));
            }
          }
        }
      }
    }
    return records;
  }

  static String text(VarCharVector vector, int i) {
    return vector.isNull(i) ? "null" : new String(vector.get(i), StandardCharsets.ISO_8859_1);
  }
}
