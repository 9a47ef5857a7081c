package io.dataplug.formats.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.fastq.FastqFormat;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.FastqGenerator;
import io.dataplug.formats.testing.GzipWriters;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidecarIndexesTest {
  @TempDir Path temp;
  final BlobStore store = new LocalBlobStore();

  SidecarIndexes indexes(IndexMode mode, String location) {
    return new SidecarIndexes(store, location, mode, 64 * 1024, false, FastqFormat.NAME, new FastqFormat()::scanner,
        IndexBuilder.Progress.NONE);
  }

  Path sample() throws Exception {
    return Files.write(temp.resolve("run.fastq.gz"), GzipWriters.singleMember(FastqGenerator.generate(3, 2 << 20, false, 0), 6));
  }

  @Test
  void concurrentBuildsOfTheSameIndexAgree() throws Exception {
    Path file = sample();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<FileIndex>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        IndexMode mode = i % 2 == 0 ? IndexMode.AUTO : IndexMode.REBUILD;
        Callable<FileIndex> build = () -> {
          try (Blob blob = store.open(file.toString())) {
            return indexes(mode, null).loadOrBuild(blob);
          }
        };
        futures.add(pool.submit(build));
      }
      List<Checkpoint> first = futures.get(0).get().checkpoints();
      for (Future<FileIndex> future : futures) {
        assertThat(future.get().checkpoints()).isEqualTo(first);
      }
    } finally {
      pool.shutdownNow();
    }
    try (Blob blob = store.open(file.toString())) {
      assertThat(indexes(IndexMode.REQUIRE, null).loadOrBuild(blob).checkpoints()).hasSizeGreaterThan(10);
    }
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("run.fastq.gz", ".run.fastq.gz.dpidx");
    }
  }

  @Test
  void indexLocationMirrorsTheDataPath() throws Exception {
    Path file = sample();
    Path prefix = temp.resolve("indexes");
    SidecarIndexes under = indexes(IndexMode.AUTO, prefix.toString());
    String indexUri = under.indexUriFor(file.toString());
    assertThat(indexUri).startsWith(prefix.toString()).endsWith("/.run.fastq.gz.dpidx").contains(temp.toString().substring(1));
    assertThat(under.indexUriFor("s3a://bucket/runs/a.fq.gz")).isEqualTo(prefix + "/s3a/bucket/runs/.a.fq.gz.dpidx");
    assertThat(Path.of(indexUri).getParent()).as("mirrored folders are created, as Hadoop file systems do").doesNotExist();
    try (Blob blob = store.open(file.toString())) {
      under.loadOrBuild(blob);
    }
    assertThat(Files.exists(Path.of(indexUri))).isTrue();
    assertThat(Files.exists(temp.resolve(".run.fastq.gz.dpidx"))).isFalse();
  }

  @Test
  void requireModeWithoutAnIndexSaysWhatToDo() throws Exception {
    Path file = sample();
    try (Blob blob = store.open(file.toString())) {
      assertThatThrownBy(() -> indexes(IndexMode.REQUIRE, null).loadOrBuild(blob))
          .isInstanceOf(FileNotFoundException.class).hasMessageContaining("run.fastq.gz").hasMessageContaining("index=auto");
    }
  }

  @Test
  void indexReadsBackEqual() throws Exception {
    Path file = sample();
    FileIndex built;
    try (Blob blob = store.open(file.toString())) {
      built = indexes(IndexMode.REBUILD, null).loadOrBuild(blob);
    }
    FileIndex read;
    try (Blob index = store.open(temp.resolve(".run.fastq.gz.dpidx").toString())) {
      read = FileIndex.read(index);
      for (Checkpoint c : read.checkpoints()) {
        if (c.hasWindow()) {
          assertThat(FileIndex.readWindow(index, c)).hasSize(c.windowRawLength());
        }
      }
    }
    assertThat(read.checkpoints()).isEqualTo(built.checkpoints());
    assertThat(read.recordCount()).isEqualTo(built.recordCount()).isPositive();
    assertThat(read.identity()).isEqualTo(built.identity());
    assertThat(read.sizeInBytes()).isEqualTo(Files.size(temp.resolve(".run.fastq.gz.dpidx")));
  }
}
