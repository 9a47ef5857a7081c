package io.dataplug.formats.las;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.LocalBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * This project's LAZ decoder (io.dataplug.formats.las.laz) against laszip4j, chunk for chunk and byte for byte, on
 * every real LAZ and COPC file; seeded corrupt and truncated chunks give format errors, never a hang or another
 * exception. Generated files of point formats 0 to 3 written by lazrs are checked in the connector's laspy test.
 */
class LazPointDecoderTest {
  private static final Path TESTDATA = LidarEquivalenceTest.TESTDATA;
  private final LocalBlobStore store = new LocalBlobStore();

  static Stream<Path> realLazFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (String folder : List.of("laz", "copc")) {
      try (Stream<Path> s = Files.list(TESTDATA.resolve(folder))) {
        s.filter(p -> p.toString().endsWith(".laz")).sorted().forEach(files::add);
      }
    }
    return files.stream();
  }

  /** One LAZ file's chunks: bytes, point counts and where each starts. */
  private record Chunks(LasFileInfo info, byte[] data, int[] offsets, int[] lengths, int[] points) {
    int recordLength() {
      return info.header().pointRecordLength();
    }
  }

  private Chunks chunks(Path file) throws IOException {
    try (Blob blob = store.open(file.toString())) {
      LasFileInfo info = LasFileInfo.read(blob);
      byte[] data = Files.readAllBytes(file);
      if (!info.laz().chunked()) {
        long start = info.header().offsetToPointData();
        int end = (int) LidarIndexBuilder.pointDataEnd(blob, info.header());
        return new Chunks(info, data, new int[] {(int) start}, new int[] {(int) (end - start)},
            new int[] {(int) info.header().pointCount()});
      }
      LazChunkTable table = LazChunkTable.read(blob, info);
      int n = table.size();
      int[] offsets = new int[n];
      int[] lengths = new int[n];
      int[] points = new int[n];
      for (int i = 0; i < n; i++) {
        offsets[i] = (int) table.offsets()[i];
        lengths[i] = (int) table.byteLengths()[i];
        points[i] = (int) table.pointCounts()[i];
      }
      return new Chunks(info, data, offsets, lengths, points);
    }
  }

  private static byte[] decode(LazChunkDecoder decoder, Chunks c, int chunk) throws LasFormatException {
    byte[] out = new byte[c.points()[chunk] * c.recordLength()];
    decoder.decode(c.data(), c.offsets()[chunk], c.lengths()[chunk], c.points()[chunk], out, "chunk " + chunk);
    return out;
  }

  @ParameterizedTest
  @MethodSource("realLazFiles")
  void everyChunkDecodesAsLaszip4jDoes(Path file) throws IOException {
    Chunks c = chunks(file);
    LazParameters laz = c.info().laz();
    LazChunkDecoder reference = new LazChunkDecoder(file.toString(), laz, c.recordLength(), LazDecoder.LASZIP4J);
    LazChunkDecoder auto = new LazChunkDecoder(file.toString(), laz, c.recordLength(), LazDecoder.AUTO);
    boolean covered = LazChunkDecoder.ownDecoderCovers(laz, c.recordLength());
    assertThat(auto.decoderName()).isEqualTo(covered ? "dataplug" : "laszip4j");
    assertThat(reference.decoderName()).isEqualTo("laszip4j");
    if (!covered) {
      assertThatThrownBy(() -> new LazChunkDecoder(file.toString(), laz, c.recordLength(), LazDecoder.DATAPLUG))
          .isInstanceOf(LasFormatException.class).hasMessageContaining(file.toString())
          .hasMessageContaining("lazDecoder=auto");
      return;
    }
    for (int i = 0; i < c.points().length; i++) {
      byte[] ours = decode(auto, c, i);
      byte[] expected = decode(reference, c, i);
      int differs = java.util.Arrays.mismatch(ours, expected);
      assertThat(differs).as("first byte that differs in chunk %d of %s (point %d, record byte %d)", i, file,
          differs / c.recordLength(), differs % c.recordLength()).isEqualTo(-1);
    }
  }

  /**
   * Layered chunks read for a few column sets decode exactly the bytes of those columns that a full decode gives
   * (X, Y, the returns and the scanner channel always), and skipping layers leaves other fields at the chunk's first
   * values (so a decode of X and Y alone differs from the full one elsewhere).
   */
  @Test
  void layeredChunksDecodeTheRequestedColumnsExactlyAndSkipTheRest() throws IOException {
    Map<List<String>, int[]> subsets = new LinkedHashMap<>();
    subsets.put(List.of("X", "Y"), new int[0]);
    subsets.put(List.of("X", "Y", "Z"), new int[] {8, 9, 10, 11});
    subsets.put(List.of("Intensity", "GpsTime"), new int[] {12, 13, 22, 23, 24, 25, 26, 27, 28, 29});
    subsets.put(List.of("Classification", "Withheld", "UserData"), new int[] {15, 16, 17});
    subsets.put(List.of("ScanAngleRank", "PointSourceId"), new int[] {18, 19, 20, 21});
    subsets.put(List.of("Red", "Green", "Blue", "Infrared"), new int[] {30, 31, 32, 33, 34, 35, 36, 37});
    int skippedSomething = 0;
    for (String name : List.of("laz/1_4_w_evlr.laz", "laz/append-bug.laz", "copc/1.2-with-color.copc.laz")) {
      Path file = TESTDATA.resolve(name);
      Chunks c = chunks(file);
      int length = c.recordLength();
      LazChunkDecoder full = new LazChunkDecoder(file.toString(), c.info().laz(), length, LazDecoder.DATAPLUG);
      for (Map.Entry<List<String>, int[]> subset : subsets.entrySet()) {
        LazChunkDecoder pruned = new LazChunkDecoder(file.toString(), c.info().laz(), length, LazDecoder.DATAPLUG,
            LazChunkDecoder.fieldsFor(subset.getKey(), false));
        for (int i = 0; i < c.points().length; i++) {
          byte[] all = decode(full, c, i);
          byte[] some = decode(pruned, c, i);
          for (int p = 0; p < c.points()[i]; p++) {
            int at = p * length;
            for (int b : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 14}) {
              assertThat(some[at + b]).as("%s chunk %d point %d byte %d", file, i, p, b).isEqualTo(all[at + b]);
            }
            assertThat(some[at + 15] & 0x30).as("scanner channel").isEqualTo(all[at + 15] & 0x30);
            for (int b : subset.getValue()) {
              if (b < length) {
                assertThat(some[at + b]).as("%s %s chunk %d point %d byte %d", file, subset.getKey(), i, p, b)
                    .isEqualTo(all[at + b]);
              }
            }
          }
          if (!java.util.Arrays.equals(all, some)) {
            skippedSomething++;
          }
        }
      }
    }
    assertThat(skippedSomething).as("chunks whose pruned decode left other fields alone").isPositive();
  }

  @Test
  void everyRealFileButTheVersion1OneIsTheOwnDecoders() throws IOException {
    List<String> notCovered = new ArrayList<>();
    for (Path file : realLazFiles().toList()) {
      Chunks c = chunks(file);
      if (!LazChunkDecoder.ownDecoderCovers(c.info().laz(), c.recordLength())) {
        notCovered.add(file.getFileName().toString());
      }
    }
    // point-wise compression with LASzip's version 1 items: laszip4j's
    assertThat(notCovered).containsExactly("simple-laszip-compressor-version-1.2r0.laz");
  }

  /**
   * Seeded corruption of every chunk of real files of both kinds (point-wise and layered): a few bytes changed after
   * the raw first point, or the chunk cut short. Each decode either returns points (LAZ has no checksum of its own: the index's CRC32
   * catches those) or fails with a format error naming the file and the chunk; nothing hangs or throws anything else.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void corruptOrTruncatedChunksGiveFormatErrorsNeverAHang() throws IOException {
    Random random = new Random(20261203);
    int errors = 0;
    int decoded = 0;
    for (String name : List.of("laz/simple.laz", "laz/autzen_trim.laz", "laz/1_4_w_evlr.laz", "laz/append-bug.laz",
        "copc/1.2-with-color.copc.laz")) {
      Path file = TESTDATA.resolve(name);
      Chunks c = chunks(file);
      LazChunkDecoder decoder = new LazChunkDecoder(file.toString(), c.info().laz(), c.recordLength(), LazDecoder.DATAPLUG);
      for (int chunk = 0; chunk < c.points().length; chunk++) {
        for (int trial = 0; trial < 40; trial++) {
          byte[] data = c.data().clone();
          int start = c.offsets()[chunk];
          int length = c.lengths()[chunk];
          if (trial % 4 == 3) {
            length = c.recordLength() + random.nextInt(length - c.recordLength());
          } else {
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
              int at = start + c.recordLength() + random.nextInt(length - c.recordLength());
              data[at] = (byte) (data[at] ^ (1 + random.nextInt(255)));
            }
          }
          byte[] out = new byte[c.points()[chunk] * c.recordLength()];
          try {
            decoder.decode(data, start, length, c.points()[chunk], out, "chunk " + chunk);
            decoded++;
          } catch (LasFormatException e) {
            assertThat(e.getMessage()).contains(file.toString()).contains("chunk " + chunk);
            errors++;
          }
        }
      }
    }
    assertThat(errors).as("most corruptions are caught by the decoder itself").isGreaterThan(decoded);
  }

  @Test
  void aChunkCutShortIsTruncatedAndAPointCountTooSmallLeavesBytesOver() throws IOException {
    Path file = TESTDATA.resolve("laz/simple.laz");
    Chunks c = chunks(file);
    LazChunkDecoder decoder = new LazChunkDecoder(file.toString(), c.info().laz(), c.recordLength(), LazDecoder.DATAPLUG);
    byte[] out = new byte[c.points()[0] * c.recordLength()];
    assertThatThrownBy(() -> decoder.decode(c.data(), c.offsets()[0], c.lengths()[0] / 2, c.points()[0], out, "chunk 0"))
        .isInstanceOf(LasFormatException.class).hasMessageContaining("Truncated LAZ chunk")
        .hasMessageContaining("chunk 0 of " + file);
    assertThatThrownBy(() -> decoder.decode(c.data(), c.offsets()[0], c.lengths()[0], c.points()[0] - 10, out, "chunk 0"))
        .isInstanceOf(LasFormatException.class).hasMessageContaining("Corrupt LAZ chunk")
        .hasMessageContaining("disagrees with the data");
  }
}
