package io.dataplug.formats.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.LocalTaskRunner;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.api.TaskRunner;
import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.fastq.FastqFormat;
import io.dataplug.formats.gzip.GzipDecoder;
import io.dataplug.formats.gzip.InflateEngines;
import io.dataplug.formats.gzip.ResumePoint;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.FastqGenerator;
import io.dataplug.formats.testing.FormatReads;
import io.dataplug.formats.testing.GzipWriters;
import io.dataplug.formats.text.LineIndexes;
import io.dataplug.formats.text.LineSync;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index built in parallel chunks says what the data says: every checkpoint resumes to the right bytes, its
 * record fields are the ones the sequential scan finds, and a FASTQ read through it equals a read through the
 * sequential index. Where chunks cannot be confirmed, the build gives up and the sequential pass decides.
 */
class ParallelIndexBuilderTest {
  static final long SPAN = 128 * 1024;
  @TempDir Path temp;
  final BlobStore store = new LocalBlobStore();
  final TaskRunner runner = new LocalTaskRunner(store, 4);
  String reason;

  IndexBuilder.Built parallel(Path file, RecordSync sync, String format) throws IOException {
    try (Blob blob = store.open(file.toString())) {
      ParallelIndexBuilder builder = new ParallelIndexBuilder(format, SPAN, sync, runner, IndexBuilder.Progress.NONE);
      assertThat(builder.applies(blob)).isTrue();
      IndexBuilder.Built built = builder.build(blob);
      reason = builder.fallbackReason();
      return built;
    }
  }

  /** Checks every checkpoint against the plain bytes and the record starts the generator wrote. */
  void checkAgainst(Path file, IndexBuilder.Built built, byte[] plain, long[] recordStarts, long[] memberStarts)
      throws IOException {
    assertThat(built).as("built in parallel, not: %s", reason).isNotNull();
    FileIndex index = built.index();
    assertThat(index.uncompressedLength()).isEqualTo(plain.length);
    assertThat(index.recordCount()).isEqualTo(recordStarts.length);
    List<Checkpoint> checkpoints = index.checkpoints();
    assertThat(checkpoints.size()).isGreaterThan(4);
    for (int i = 0; i < checkpoints.size(); i++) {
      Checkpoint c = checkpoints.get(i);
      long end = i + 1 < checkpoints.size() ? checkpoints.get(i + 1).uncompressedOffset() : plain.length;
      int ordinal = Arrays.binarySearch(recordStarts, c.uncompressedOffset());
      ordinal = ordinal >= 0 ? ordinal : -ordinal - 1;
      long recordOffset = ordinal < recordStarts.length ? recordStarts[ordinal] : plain.length;
      assertThat(c.recordOffset()).as("record offset of checkpoint %d", i).isEqualTo(recordOffset);
      assertThat(c.recordOrdinal()).as("ordinal of checkpoint %d", i).isEqualTo(ordinal);
      assertThat(c.spanCrc()).as("span CRC of checkpoint %d", i).isEqualTo(crc(plain, c.uncompressedOffset(), end));
      assertThat(c.headCrc()).isEqualTo(crc(plain, c.uncompressedOffset(), recordOffset));
      long member = memberStarts[Math.max(0, -Arrays.binarySearch(memberStarts, c.uncompressedOffset() + 1) - 2)];
      assertThat(c.memberStart()).isEqualTo(member == c.uncompressedOffset());
      byte[] window = built.windows().get(i) == null ? new byte[0] : inflateRaw(built.windows().get(i));
      long windowFrom = Math.max(member, c.uncompressedOffset() - 32768);
      assertThat(window).as("window of checkpoint %d", i)
          .isEqualTo(Arrays.copyOfRange(plain, (int) windowFrom, (int) c.uncompressedOffset()));
      assertThat(resumeAndRead(file, c, window, (int) (end - c.uncompressedOffset())))
          .as("bytes from checkpoint %d", i)
          .isEqualTo(Arrays.copyOfRange(plain, (int) c.uncompressedOffset(), (int) end));
    }
  }

  byte[] resumeAndRead(Path file, Checkpoint c, byte[] window, int length) throws IOException {
    try (Blob blob = store.open(file.toString());
        GzipDecoder decoder = GzipDecoder.resume(blob,
            new ResumePoint(c.bitOffset(), c.uncompressedOffset(), c.memberStart(), window), blob.length(),
            GzipDecoder.Engine.NATIVE)) {
      byte[] out = new byte[length];
      int n = 0;
      while (n < length) {
        int k = decoder.read(out, n, length - n);
        if (k < 0) {
          break;
        }
        n += k;
      }
      return Arrays.copyOf(out, n);
    }
  }

  static byte[] inflateRaw(byte[] compressed) throws IOException {
    java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
    try {
      inflater.setInput(compressed);
      byte[] out = new byte[32768];
      int n = 0;
      while (!inflater.finished()) {
        n += inflater.inflate(out, n, out.length - n);
      }
      return Arrays.copyOf(out, n);
    } catch (java.util.zip.DataFormatException e) {
      throw new IOException(e);
    } finally {
      inflater.end();
    }
  }

  static int crc(byte[] b, long from, long to) {
    CRC32 crc = new CRC32();
    crc.update(b, (int) from, (int) (to - from));
    return (int) crc.getValue();
  }

  /** Record starts of strict four-line FASTQ: every fourth line. */
  static long[] fastqRecordStarts(byte[] plain) {
    List<Long> starts = new ArrayList<>();
    int line = 0;
    for (int i = 0; i < plain.length; i++) {
      if (i == 0 || plain[i - 1] == '\n') {
        if (line++ % 4 == 0) {
          starts.add((long) i);
        }
      }
    }
    return starts.stream().mapToLong(Long::longValue).toArray();
  }

  static long[] lineStarts(byte[] plain) {
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < plain.length; i++) {
      if (i == 0 || plain[i - 1] == '\n') {
        starts.add((long) i);
      }
    }
    return starts.stream().mapToLong(Long::longValue).toArray();
  }

  Path write(String name, byte[] gz) throws IOException {
    return Files.write(temp.resolve(name), gz);
  }

  @Test
  void singleMemberFastq() throws IOException {
    byte[] plain = FastqGenerator.generate(21, 6 << 20, false, 0);
    Path file = write("single.fastq.gz", GzipWriters.singleMember(plain, 6));
    checkAgainst(file, parallel(file, new FastqFormat().recordSync(), FastqFormat.NAME), plain,
        fastqRecordStarts(plain), new long[] {0});
  }

  @Test
  void membersOfEverySizeAroundTheChunks() throws IOException {
    byte[] plain = FastqGenerator.generate(22, 4 << 20, false, 0);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    List<Long> memberStarts = new ArrayList<>();
    Random random = new Random(22);
    int from = 0;
    while (from < plain.length) {
      int size = Math.min(plain.length - from, random.nextBoolean() ? 1 + random.nextInt(2000) : random.nextInt(400_000));
      memberStarts.add((long) from);
      gz.writeBytes(GzipWriters.singleMember(Arrays.copyOfRange(plain, from, from + size), 6));
      from += size;
    }
    Path file = write("members.fastq.gz", gz.toByteArray());
    checkAgainst(file, parallel(file, new FastqFormat().recordSync(), FastqFormat.NAME), plain,
        fastqRecordStarts(plain), memberStarts.stream().mapToLong(Long::longValue).toArray());
  }

  @Test
  void storedBlocksAndEmbeddedGzipStreams() throws IOException {
    // Text with runs of random bytes and whole gzip files inside: stored blocks, and block starts that are not ones.
    Random random = new Random(23);
    ByteArrayOutputStream plainOut = new ByteArrayOutputStream();
    while (plainOut.size() < 4 << 20) {
      byte[] text = FastqGenerator.generate(random.nextLong(), 200_000, false, 0);
      plainOut.writeBytes(text);
      if (random.nextBoolean()) {
        byte[] noise = new byte[50_000 + random.nextInt(50_000)];
        random.nextBytes(noise);
        plainOut.writeBytes(noise);
      } else {
        plainOut.writeBytes(GzipWriters.singleMember(text, 6));
      }
      plainOut.write('\n');
    }
    byte[] plain = plainOut.toByteArray();
    Path file = write("mixed.txt.gz", GzipWriters.singleMember(plain, 6));
    IndexBuilder.Built built = parallel(file, new LineSync(), LineIndexes.FORMAT);
    checkAgainst(file, built, plain, lineStarts(plain), new long[] {0});
  }

  @Test
  void wrappedFastqIsLeftToTheSequentialPass() throws IOException {
    byte[] plain = FastqGenerator.generate(24, 3 << 20, false, 60);
    Path file = write("wrapped.fastq.gz", GzipWriters.singleMember(plain, 6));
    assertThat(parallel(file, new FastqFormat().recordSync(), FastqFormat.NAME)).isNull();
  }

  @Test
  void aFlippedByteIsAnErrorNamingTheFile() throws IOException {
    byte[] plain = FastqGenerator.generate(25, 3 << 20, false, 0);
    byte[] gz = GzipWriters.singleMember(plain, 6);
    gz[gz.length / 2] ^= 0x10;
    Path file = write("flipped.fastq.gz", gz);
    SidecarIndexes indexes = new SidecarIndexes(store, null, IndexMode.AUTO, SPAN, false, FastqFormat.NAME,
        new FastqFormat()::scanner, IndexBuilder.Progress.NONE).buildInParallel(new FastqFormat().recordSync(), runner, IndexBuild.PARALLEL);
    try (Blob blob = store.open(file.toString())) {
      assertThatThrownBy(() -> indexes.loadOrBuild(blob)).isInstanceOf(IOException.class)
          .hasMessageContaining(file.toString());
    }
    assertThat(temp.resolve(".flipped.fastq.gz.dpidx")).doesNotExist();
  }

  @Test
  void aTruncatedFileIsAnErrorNamingTheFile() throws IOException {
    byte[] plain = FastqGenerator.generate(26, 3 << 20, false, 0);
    byte[] gz = GzipWriters.singleMember(plain, 6);
    Path file = write("truncated.fastq.gz", Arrays.copyOf(gz, gz.length - 1000));
    SidecarIndexes indexes = new SidecarIndexes(store, null, IndexMode.AUTO, SPAN, false, FastqFormat.NAME,
        new FastqFormat()::scanner, IndexBuilder.Progress.NONE).buildInParallel(new FastqFormat().recordSync(), runner, IndexBuild.PARALLEL);
    try (Blob blob = store.open(file.toString())) {
      assertThatThrownBy(() -> indexes.loadOrBuild(blob)).hasMessageContaining(file.toString())
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void aFileThatChangesDuringTheBuildIsAnError() throws IOException {
    byte[] plain = FastqGenerator.generate(27, 3 << 20, false, 0);
    Path file = write("changing.fastq.gz", GzipWriters.singleMember(plain, 6));
    TaskRunner changing = new TaskRunner() {
      @Override
      public <T extends java.io.Serializable> List<T> runAll(String description,
          List<? extends StoreTask<T>> tasks) throws IOException {
        Files.write(file, GzipWriters.singleMember(plain, 1));
        return runner.runAll(description, tasks);
      }

      @Override
      public int parallelism() {
        return 4;
      }
    };
    try (Blob blob = store.open(file.toString())) {
      ParallelIndexBuilder builder = new ParallelIndexBuilder(FastqFormat.NAME, SPAN, new FastqFormat().recordSync(),
          changing, IndexBuilder.Progress.NONE);
      assertThatThrownBy(() -> builder.build(blob)).hasMessageContaining(file.toString())
          .hasMessageContaining("changed while it was being indexed");
    }
  }

  /** A runner of {@code parallelism} threads that counts the task batches it was given. */
  TaskRunner counting(int parallelism, int[] batches) {
    TaskRunner threads = new LocalTaskRunner(store, parallelism);
    return new TaskRunner() {
      @Override
      public <T extends java.io.Serializable> List<T> runAll(String description,
          List<? extends StoreTask<T>> tasks) throws IOException {
        batches[0]++;
        return threads.runAll(description, tasks);
      }

      @Override
      public int parallelism() {
        return parallelism;
      }
    };
  }

  /**
   * {@code indexBuild=auto} takes parallel chunks from three workers against the pure-Java one pass, from five
   * against ISA-L's (README "Indexing one large .gz in parallel").
   */
  @Test
  void autoBuildsInChunksFromThreeWorkersAgainstTheJavaPassAndFromFiveAgainstIsal() throws IOException {
    assertThat(InflateEngines.indexingStatus()).isEqualTo("ok");
    Path file = write("auto.fastq.gz", GzipWriters.singleMember(FastqGenerator.generate(29, 3 << 20, false, 0), 6));
    record Case(int workers, InflaterEngine inflater, boolean chunks) {}
    for (Case c : List.of(new Case(3, InflaterEngine.JAVA, true),
        new Case(3, InflaterEngine.AUTO, false),
        new Case(4, InflaterEngine.ISAL, false),
        new Case(5, InflaterEngine.AUTO, true))) {
      int[] batches = {0};
      SidecarIndexes indexes = new SidecarIndexes(store, null, IndexMode.REBUILD, SPAN, false, FastqFormat.NAME,
          new FastqFormat()::scanner, IndexBuilder.Progress.NONE)
          .buildInParallel(new FastqFormat().recordSync(), counting(c.workers(), batches), IndexBuild.AUTO)
          .inflatingWith(c.inflater());
      try (Blob blob = store.open(file.toString())) {
        assertThat(indexes.loadOrBuild(blob).recordCount()).isPositive();
      }
      assertThat(batches[0] > 0).as("%s: built in chunks", c).isEqualTo(c.chunks());
    }
  }

  @Test
  void aFastqReadThroughTheParallelIndexEqualsOneThroughTheSequentialIndex() throws IOException {
    byte[] plain = FastqGenerator.generate(28, 4 << 20, true, 0);
    Path parallelFile = write("parallel.fastq.gz", GzipWriters.singleMember(plain, 6));
    Path sequentialFile = write("sequential.fastq.gz", GzipWriters.singleMember(plain, 6));
    DataFormat format = Formats.byShortName("dataplug-fastq");
    List<String> expected = null;
    for (Path file : List.of(sequentialFile, parallelFile)) {
      Map<String, String> options = new HashMap<>(Map.of("checkpointSpan", "128k", "splitSize", "300k",
          "includeOrdinal", "true", "indexBuild", file == parallelFile ? "parallel" : "sequential"));
      FormatDataset dataset = format.open(store, ReadOptions.parse(format, List.of(file.toString()), options, Map.of()));
      if (file == parallelFile) {
        dataset.runTasksWith(runner);
      }
      FormatReads read = FormatReads.read(store, dataset.plan(ScanRequest.all(FormatReads.allColumns(dataset))), -1);
      assertThat(read.allocatorsLeftOpen).isZero();
      if (expected == null) {
        expected = read.rows;
      } else {
        assertThat(read.rows.size()).isEqualTo(expected.size());
        assertThat(read.rows.equals(expected)).isTrue();
      }
    }
    try (Blob blob = store.open(temp.resolve(".parallel.fastq.gz.dpidx").toString())) {
      assertThat(FileIndex.read(blob).checkpoints().size()).isGreaterThan(10);
    }
  }
}
