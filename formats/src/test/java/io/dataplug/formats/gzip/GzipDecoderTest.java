package io.dataplug.formats.gzip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.codec.DecodedSource;
import io.dataplug.formats.codec.NativeResources;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.LocalBlobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class GzipDecoderTest {
  @AfterEach
  void everyNativeBufferIsFreed() {
    assertThat(NativeResources.open()).as("native decoders and buffers left allocated").isZero();
  }

  static final Path REAL = Path.of("../testdata/fastq/ERR127302_1_subset.fastq.gz");

  static byte[] gunzip(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("gzip", "-dc", file.toString()).redirectErrorStream(false).start();
    byte[] out;
    try (InputStream in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    assertThat(p.waitFor()).isZero();
    return out;
  }

  static byte[] decodeAll(DecodedSource decoder) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    int n;
    while ((n = decoder.read(buf, 0, buf.length)) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** Every member and deflate block start of {@code file}, with its window, as the pure-Java decoder finds them. */
  static List<ResumePoint> resumePoints(Path file) throws IOException {
    List<ResumePoint> points = new ArrayList<>();
    try (Blob blob = new LocalBlobStore().open(file.toString());
        GzipDecoder decoder = GzipDecoder.fromStart(blob, GzipDecoder.Engine.JAVA)) {
      byte[] buf = new byte[65536];
      int n;
      while ((n = decoder.read(buf, 0, buf.length)) >= 0) {
        if (n == 0 && decoder.boundary() == GzipDecoder.Boundary.BLOCK) {
          points.add(new ResumePoint(decoder.boundaryBitOffset(), decoder.position(), false, decoder.window()));
        } else if (n == 0 && decoder.boundary() == GzipDecoder.Boundary.MEMBER) {
          points.add(new ResumePoint(decoder.boundaryBitOffset(), decoder.position(), true, null));
        }
      }
    }
    return points;
  }

  @ParameterizedTest
  @EnumSource(GzipDecoder.Engine.class)
  void decodesWholeFileLikeGzip(GzipDecoder.Engine engine) throws Exception {
    byte[] want = gunzip(REAL);
    try (Blob blob = new LocalBlobStore().open(REAL.toString());
        GzipDecoder decoder = GzipDecoder.fromStart(blob, engine)) {
      assertThat(decodeAll(decoder)).isEqualTo(want);
    }
  }

  @Test
  void nativeSelfTestPassesOnThisJvm() {
    assertThat(InflateEngines.preferred()).as(InflateEngines.selfTestReport()).isEqualTo(GzipDecoder.Engine.NATIVE);
  }

  static List<Path> files() throws IOException {
    Path dir = Files.createTempDirectory("gzip-resume");
    byte[] data = io.dataplug.formats.testing.FastqGenerator.generate(11, 3 << 20, false, 0);
    Path multi = Files.write(dir.resolve("multi.fastq.gz"), io.dataplug.formats.testing.GzipWriters.multiMember(data, 400_000, 9));
    Path bgzf = Files.write(dir.resolve("generated.fastq.bgz"), io.dataplug.formats.testing.GzipWriters.bgzf(data));
    // Stored blocks: level 0, and random bytes between text at level 1.
    Path stored = Files.write(dir.resolve("stored.gz"), io.dataplug.formats.testing.GzipWriters.multiMember(data, 1 << 20, 0));
    byte[] mixed = new byte[data.length];
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < mixed.length; i += 100_000) {
      if ((i / 100_000) % 2 == 0) {
        byte[] noise = new byte[Math.min(100_000, mixed.length - i)];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, mixed, i, noise.length);
      } else {
        System.arraycopy(data, i, mixed, i, Math.min(100_000, mixed.length - i));
      }
    }
    Path mixedFile = Files.write(dir.resolve("mixed.gz"), io.dataplug.formats.testing.GzipWriters.singleMember(mixed, 1));
    return List.of(REAL, multi, bgzf, stored, mixedFile, Path.of("../testdata/fastq/multiblock.fastq.gz"),
        Path.of("../testdata/fastq/fastq_sample1.fq.bgz"));
  }

  /** Every file with the engines that resume from any checkpoint (ISA-L's streaming engine starts at the file's). */
  static Stream<Arguments> filesAndEngines() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (Path file : files()) {
      for (GzipDecoder.Engine engine : List.of(GzipDecoder.Engine.NATIVE, GzipDecoder.Engine.JAVA)) {
        out.add(Arguments.of(file, engine));
      }
    }
    return out.stream();
  }

  /** Resuming at every member and block start gives exactly the bytes of a sequential `gzip -dc`. */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("filesAndEngines")
  void resumesAtEveryCheckpoint(Path file, GzipDecoder.Engine engine) throws Exception {
    byte[] want = gunzip(file);
    List<ResumePoint> points = resumePoints(file);
    assertThat(points).hasSizeGreaterThan(1);
    boolean[] residues = new boolean[8];
    try (Blob blob = new LocalBlobStore().open(file.toString())) {
      for (ResumePoint point : points) {
        residues[(int) (point.bitOffset() & 7)] = true;
        try (GzipDecoder decoder = GzipDecoder.resume(blob, point, blob.length(), engine)) {
          byte[] got = decodeAll(decoder);
          assertThat(Arrays.equals(got, 0, got.length, want, (int) point.uncompressedOffset(), want.length))
              .as("resume at bit %d (%s)", point.bitOffset(), point.memberStart() ? "member" : "block").isTrue();
        }
      }
    }
    if (file.equals(REAL)) {
      assertThat(residues).as("block starts at every bit residue").containsOnly(true);
    }
  }

  static Stream<Path> filesForIsal() throws IOException {
    assertThat(InflateEngines.indexingStatus()).isEqualTo("ok");
    return files().stream();
  }

  /**
   * ISA-L's streaming engine, asked for a block boundary every 50,000 bytes of output, decodes the file as gzip does,
   * and every boundary it stops at is a block start the Java decoder finds there, with the same window.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("filesForIsal")
  void isalStopsOnlyAtRealBlockStartsWhereAsked(Path file) throws Exception {
    byte[] want = gunzip(file);
    List<ResumePoint> blockStarts = resumePoints(file).stream().filter(p -> !p.memberStart()).toList();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int found = 0;
    try (Blob blob = new LocalBlobStore().open(file.toString());
        GzipDecoder decoder = GzipDecoder.fromStart(blob, GzipDecoder.Engine.ISAL)) {
      long wanted = 50_000;
      decoder.wantBlockBoundaryFrom(wanted);
      byte[] buf = new byte[65536];
      for (int n; (n = decoder.read(buf, 0, buf.length)) >= 0; ) {
        out.write(buf, 0, n);
        if (n == 0 && decoder.boundary() == GzipDecoder.Boundary.BLOCK) {
          long bit = decoder.boundaryBitOffset();
          long at = decoder.position();
          byte[] window = decoder.window();
          assertThat(at).as("a boundary only where asked").isGreaterThanOrEqualTo(wanted);
          assertThat(blockStarts).as("block start at bit %d, byte %d", bit, at)
              .anyMatch(p -> p.bitOffset() == bit && p.uncompressedOffset() == at && Arrays.equals(p.window(), window));
          found++;
          wanted = at + 50_000;
          decoder.wantBlockBoundaryFrom(wanted);
        }
      }
    }
    assertThat(out.toByteArray()).isEqualTo(want);
    if (blockStarts.size() > 20 && !file.getFileName().toString().startsWith("stored")) {
      assertThat(found).as("boundaries found of %d block starts", blockStarts.size()).isGreaterThan(0);
    }
  }

  @Test
  void isalReportsTruncatedAndCorruptDataWithTheirOffsets(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    byte[] whole = Files.readAllBytes(REAL);
    Path truncated = Files.write(dir.resolve("truncated.fastq.gz"), Arrays.copyOf(whole, whole.length / 2));
    try (Blob blob = new LocalBlobStore().open(truncated.toString());
        GzipDecoder decoder = GzipDecoder.fromStart(blob, GzipDecoder.Engine.ISAL)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> decodeAll(decoder))
          .isInstanceOf(GzipFormatException.class).hasMessageContaining(truncated.toString())
          .hasMessageContaining("truncated").hasMessageContaining("compressed byte " + whole.length / 2);
    }
    byte[] corrupt = whole.clone();
    for (int i = 0; i < 64; i++) {
      corrupt[whole.length / 3 + i] ^= (byte) 0x5A;
    }
    Path bad = Files.write(dir.resolve("corrupt.fastq.gz"), corrupt);
    try (Blob blob = new LocalBlobStore().open(bad.toString());
        GzipDecoder decoder = GzipDecoder.fromStart(blob, GzipDecoder.Engine.ISAL)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> decodeAll(decoder))
          .isInstanceOf(GzipFormatException.class).hasMessageContaining(bad.toString())
          .hasMessageContaining("compressed byte");
    }
  }

  @Test
  void isalDecodesOnlyFromTheFileStart() throws Exception {
    ResumePoint inside = resumePoints(REAL).stream().filter(p -> !p.memberStart()).findFirst().orElseThrow();
    try (Blob blob = new LocalBlobStore().open(REAL.toString())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> GzipDecoder.resume(blob, inside, blob.length(), GzipDecoder.Engine.ISAL))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("member starts only");
    }
  }
}
