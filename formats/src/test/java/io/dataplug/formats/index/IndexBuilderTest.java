package io.dataplug.formats.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.codec.NativeResources;
import io.dataplug.formats.fastq.FastqFormat;
import io.dataplug.formats.gzip.GzipFormatException;
import io.dataplug.formats.gzip.InflateEngines;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.FastqGenerator;
import io.dataplug.formats.testing.GzipWriters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sequential index build: its two decoding engines, and record scanning on a second thread. */
class IndexBuilderTest {
  @AfterEach
  void everyNativeBufferIsFreed() {
    assertThat(NativeResources.open()).as("native decoders and buffers left allocated").isZero();
  }

  static final long SPAN = 64 * 1024;
  @TempDir Path temp;
  final BlobStore store = new LocalBlobStore();

  byte[] build(Path file, InflaterEngine inflater, boolean scanThread) throws IOException {
    try (Blob blob = store.open(file.toString())) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      new IndexBuilder(FastqFormat.NAME, SPAN, IndexBuilder.Progress.NONE, inflater).scanningOnOwnThread(scanThread)
          .build(blob, new FastqFormat().scanner(file.toString())).writeTo(out);
      return out.toByteArray();
    }
  }

  static boolean scanThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("dataplug-index-scan") && t.isAlive());
  }

  @Test
  void scanningOnASecondThreadBuildsTheSameIndexAsOnOne() throws Exception {
    assertThat(InflateEngines.indexingStatus()).isEqualTo("ok");
    byte[] fastq = FastqGenerator.generate(21, 6 << 20, false, 0);
    Path file = Files.write(temp.resolve("run.fastq.gz"), GzipWriters.singleMember(fastq, 6));
    for (InflaterEngine inflater : List.of(InflaterEngine.JAVA, InflaterEngine.ISAL)) {
      byte[] one = build(file, inflater, false);
      assertThat(build(file, inflater, true)).as("%s", inflater).isEqualTo(one);
    }
    assertThat(scanThreadAlive()).isFalse();
  }

  /** A record broken 5 MB in: the scanning thread's error reaches the caller, and the thread ends. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aScanningErrorIsThrownAndEndsTheBuild(boolean scanThread) throws Exception {
    byte[] fastq = FastqGenerator.generate(22, 8 << 20, false, 0);
    String text = new String(fastq, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("\n+", 5 << 20);
    fastq[at + 1] = '-';
    Path file = Files.write(temp.resolve("broken.fastq.gz"), GzipWriters.singleMember(fastq, 6));
    assertThatThrownBy(() -> build(file, InflaterEngine.AUTO, scanThread)).isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString());
    assertThat(scanThreadAlive()).isFalse();
  }

  /** Truncated in its middle: the decoding side's error reaches the caller, and the scanning thread ends. */
  @ParameterizedTest
  @ValueSource(strings = {"JAVA", "ISAL"})
  void aDecodingErrorIsThrownAndEndsTheBuild(String engine) throws Exception {
    byte[] gz = GzipWriters.singleMember(FastqGenerator.generate(23, 8 << 20, false, 0), 6);
    Path file = Files.write(temp.resolve("cut.fastq.gz"), Arrays.copyOf(gz, gz.length / 2));
    assertThatThrownBy(() -> build(file, InflaterEngine.valueOf(engine), true))
        .isInstanceOf(GzipFormatException.class).hasMessageContaining(file.toString())
        .hasMessageContaining("truncated");
    assertThat(scanThreadAlive()).isFalse();
  }
}
