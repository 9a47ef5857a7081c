package io.dataplug.formats.gzip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.codec.NativeResources;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.FastqGenerator;
import io.dataplug.formats.testing.GzipWriters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * libdeflate and ISA-L span by span from every checkpoint: the bytes of a sequential gunzip, members and stored blocks
 * too.
 */
class SpanSourceTest {
  @TempDir static Path temp;

  @AfterEach
  void everyNativeBufferIsFreed() {
    assertThat(NativeResources.open()).as("native decoders and buffers left allocated").isZero();
  }

  static Stream<Path> files() throws IOException {
    byte[] data = FastqGenerator.generate(12, 2 << 20, false, 0);
    byte[] mixed = data.clone();
    java.util.Random random = new java.util.Random(6);
    for (int i = 0; i < mixed.length; i += 200_000) {
      byte[] noise = new byte[Math.min(50_000, mixed.length - i)];
      random.nextBytes(noise);
      System.arraycopy(noise, 0, mixed, i, noise.length);
    }
    return Stream.of(GzipDecoderTest.REAL,
        Files.write(temp.resolve("single.fastq.gz"), GzipWriters.singleMember(data, 6)),
        Files.write(temp.resolve("mixed-stored.gz"), GzipWriters.singleMember(mixed, 1)),
        Files.write(temp.resolve("multi.fastq.gz"), GzipWriters.multiMember(data, 300_000, 6)),
        Path.of("../testdata/fastq/multiblock.fastq.gz"));
  }

  /**
   * From every checkpoint: up to three spans to the next checkpoints, then a piece that ends inside a span (as a
   * slice's last record does) and the rest of the file streamed; or spans to the file's end.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void everyCheckpointResumesByteForByte(Path file) throws Exception {
    byte[] want = GzipDecoderTest.gunzip(file);
    List<ResumePoint> points = GzipDecoderTest.resumePoints(file);
    assertThat(points).hasSizeGreaterThan(1);
    boolean singleMember = points.stream().filter(ResumePoint::memberStart).count() == 1;
    for (InflaterEngine engine : new InflaterEngine[] {InflaterEngine.LIBDEFLATE, InflaterEngine.ISAL}) {
      resumesFromEveryCheckpoint(file, want, points, singleMember, engine);
    }
  }

  private static void resumesFromEveryCheckpoint(Path file, byte[] want, List<ResumePoint> points,
      boolean singleMember, InflaterEngine engine) throws Exception {
    int inflated = 0;
    try (Blob blob = new LocalBlobStore().open(file.toString())) {
      for (int i = 0; i < points.size(); i++) {
        int spans = Math.min(3, points.size() - 1 - i);
        boolean toEnd = i % 2 == 0;
        long[] ends = new long[spans + 1];
        long[] endBits = new long[spans + 1];
        for (int k = 0; k < spans; k++) {
          ends[k] = points.get(i + 1 + k).uncompressedOffset();
          endBits[k] = points.get(i + 1 + k).bitOffset();
        }
        ends[spans] = want.length;
        endBits[spans] = toEnd && i + 1 + spans == points.size() ? 8 * blob.length() : -1;
        ResumePoint from = points.get(i);
        try (SpanSource source = new SpanSource(blob, from, ends, endBits, blob.length(), blob.length(),
            GzipDecoder.Engine.NATIVE, false, engine)) {
          byte[] got = GzipDecoderTest.decodeAll(source);
          assertThat(Arrays.equals(got, 0, got.length, want, (int) from.uncompressedOffset(), want.length))
              .as("%s from bit %d (%s), %d bytes", engine, from.bitOffset(), from.memberStart() ? "member" : "block",
                  got.length)
              .isTrue();
          inflated += source.spansInflated();
          if (singleMember) {
            assertThat(source.spansInflated()).as("spans inflated whole from bit %d", from.bitOffset())
                .isEqualTo(spans + (endBits[spans] < 0 ? 0 : 1));
          }
        }
      }
    }
    assertThat(inflated).as("spans %s inflated", engine).isGreaterThan(points.size() / 2);
  }

  /**
   * Spans that hold gzip member ends (an index whose checkpoints skip member starts, as a span-sized one over small
   * members does): the member's end stops the span's decoder, and the rest is streamed from the next member's header.
   */
  @Test
  void spansHoldingMemberEndsGoOnAtTheNextMember() throws Exception {
    byte[] data = FastqGenerator.generate(15, 2 << 20, false, 0);
    Path file = Files.write(temp.resolve("small-members.fastq.gz"), GzipWriters.multiMember(data, 70_000, 6));
    List<ResumePoint> points = GzipDecoderTest.resumePoints(file);
    for (InflaterEngine engine : new InflaterEngine[] {InflaterEngine.LIBDEFLATE, InflaterEngine.ISAL}) {
      try (Blob blob = new LocalBlobStore().open(file.toString())) {
        for (int start = 0; start < points.size(); start += 5) {
          List<ResumePoint> ends = new java.util.ArrayList<>();
          for (int k = start + 7; k < points.size(); k += 7) {
            ends.add(points.get(k));
          }
          long[] endOffsets = new long[ends.size() + 1];
          long[] endBits = new long[ends.size() + 1];
          for (int k = 0; k < ends.size(); k++) {
            endOffsets[k] = ends.get(k).uncompressedOffset();
            endBits[k] = ends.get(k).bitOffset();
          }
          endOffsets[ends.size()] = data.length;
          endBits[ends.size()] = 8 * blob.length();
          ResumePoint from = points.get(start);
          try (SpanSource source = new SpanSource(blob, from, endOffsets, endBits, blob.length(), blob.length(),
              GzipDecoder.Engine.NATIVE, false, engine)) {
            byte[] got = GzipDecoderTest.decodeAll(source);
            assertThat(Arrays.equals(got, 0, got.length, data, (int) from.uncompressedOffset(), data.length))
                .as("%s from bit %d", engine, from.bitOffset()).isTrue();
          }
        }
      }
    }
    long membersInside = points.stream().filter(ResumePoint::memberStart).count();
    assertThat(membersInside).as("member starts the spans pass over").isGreaterThan(20);
  }

  @Test
  void spanSelfTestsPassOnThisJvmAndAutoTakesIsal() {
    assertThat(InflateEngines.spanStatus(InflaterEngine.LIBDEFLATE)).isEqualTo("ok");
    assertThat(InflateEngines.spanStatus(InflaterEngine.ISAL)).isEqualTo("ok");
    assertThat(InflateEngines.spanEngine(InflaterEngine.AUTO)).isEqualTo(InflaterEngine.ISAL);
    assertThat(InflateEngines.spanEngine(InflaterEngine.LIBDEFLATE)).isEqualTo(InflaterEngine.LIBDEFLATE);
    assertThat(InflateEngines.spanEngine(InflaterEngine.JDK)).isNull();
  }

  /** The span from checkpoint {@code from} to {@code to}, which the index says ends at {@code endOffset}. */
  private static SpanSource oneSpan(Blob blob, ResumePoint from, ResumePoint to, long endOffset,
      InflaterEngine engine) {
    return new SpanSource(blob, from, new long[] {endOffset}, new long[] {to.bitOffset()}, blob.length(),
        blob.length(), GzipDecoder.Engine.NATIVE, false, engine);
  }

  @Test
  void invalidSpanNamesFileAndOffset() throws Exception {
    byte[] data = FastqGenerator.generate(13, 1 << 20, false, 0);
    Path good = Files.write(temp.resolve("good.fastq.gz"), GzipWriters.singleMember(data, 6));
    List<ResumePoint> points = GzipDecoderTest.resumePoints(good);
    ResumePoint from = points.get(1);
    ResumePoint to = points.get(2);
    byte[] bytes = Files.readAllBytes(good);
    // The span's first block header gets BTYPE 11, which RFC 1951 reserves: no decoder can take it for data.
    for (long bit = from.bitOffset() + 1; bit <= from.bitOffset() + 2; bit++) {
      bytes[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
    }
    Path bad = Files.write(temp.resolve("corrupt.fastq.gz"), bytes);
    for (InflaterEngine engine : new InflaterEngine[] {InflaterEngine.LIBDEFLATE, InflaterEngine.ISAL}) {
      try (Blob blob = new LocalBlobStore().open(bad.toString());
          SpanSource source = oneSpan(blob, from, to, to.uncompressedOffset(), engine)) {
        assertThatThrownBy(() -> GzipDecoderTest.decodeAll(source)).isInstanceOf(GzipFormatException.class)
            .hasMessageContaining(bad.toString()).hasMessageContaining("corrupt deflate data in the span from compressed byte "
                + (from.bitOffset() >>> 3));
      }
    }
  }

  /**
   * A span that ends (at the index's next checkpoint) before the bytes the index gives it: ISA-L's stream stops at the
   * span's own end, which is no gzip member's end, and says so. (libdeflate's whole-span call cannot tell where it
   * stopped: it streams the span again, and the span's CRC32 in the index catches the difference in SliceInput.)
   */
  @Test
  void isalSpanShorterThanTheIndexSaysIsAnError() throws Exception {
    Path file = Files.write(temp.resolve("shorter.fastq.gz"),
        GzipWriters.singleMember(FastqGenerator.generate(16, 1 << 20, false, 0), 6));
    List<ResumePoint> points = GzipDecoderTest.resumePoints(file);
    ResumePoint from = points.get(1);
    ResumePoint to = points.get(2);
    try (Blob blob = new LocalBlobStore().open(file.toString());
        SpanSource source = oneSpan(blob, from, to, to.uncompressedOffset() + 100, InflaterEngine.ISAL)) {
      assertThatThrownBy(() -> GzipDecoderTest.decodeAll(source)).isInstanceOf(GzipFormatException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("decodes to " + (to.uncompressedOffset() - from.uncompressedOffset())
              + " bytes, fewer than the " + (to.uncompressedOffset() + 100 - from.uncompressedOffset()) + " expected");
    }
  }

  @Test
  void spanLongerThanTheIndexSaysIsAnError() throws Exception {
    Path file = Files.write(temp.resolve("longer.fastq.gz"),
        GzipWriters.singleMember(FastqGenerator.generate(14, 1 << 20, false, 0), 6));
    List<ResumePoint> points = GzipDecoderTest.resumePoints(file);
    ResumePoint from = points.get(1);
    ResumePoint to = points.get(2);
    for (InflaterEngine engine : new InflaterEngine[] {InflaterEngine.LIBDEFLATE, InflaterEngine.ISAL}) {
      try (Blob blob = new LocalBlobStore().open(file.toString());
          SpanSource source = oneSpan(blob, from, to, to.uncompressedOffset() - 100, engine)) {
        assertThatThrownBy(() -> GzipDecoderTest.decodeAll(source)).isInstanceOf(GzipFormatException.class)
            .hasMessageContaining("decodes to more than");
      }
    }
  }
}
