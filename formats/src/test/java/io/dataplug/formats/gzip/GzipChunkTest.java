package io.dataplug.formats.gzip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.testing.FastqGenerator;
import io.dataplug.formats.testing.GzipWriters;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Chunks decoded without their windows meet end to end, and their markers resolve to the real output. */
class GzipChunkTest {

  static Stream<Arguments> streams() {
    byte[] fastq = FastqGenerator.generate(11, 3 << 20, false, 0);
    byte[] mixed = mixedText(12, 2 << 20);
    return Stream.of(
        Arguments.of("fastq level 6", fastq, GzipWriters.singleMember(fastq, 6)),
        Arguments.of("fastq level 1", fastq, GzipWriters.singleMember(fastq, 1)),
        Arguments.of("fastq level 9", fastq, GzipWriters.singleMember(fastq, 9)),
        Arguments.of("fastq members of 300 KB", fastq, GzipWriters.multiMember(fastq, 300_000, 6)),
        Arguments.of("text with random runs (stored blocks)", mixed, GzipWriters.singleMember(mixed, 6)));
  }

  /** Text with runs of random bytes, so that the encoder writes stored blocks between Huffman ones. */
  static byte[] mixedText(long seed, int size) {
    Random random = new Random(seed);
    byte[] text = FastqGenerator.generate(seed, size, false, 0);
    byte[] out = Arrays.copyOf(text, size);
    for (int at = 100_000; at + 70_000 < size; at += 400_000) {
      for (int i = 0; i < 70_000; i++) {
        out[at + i] = (byte) random.nextInt(256);
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0}, chunks of {3} bytes")
  @MethodSource("chunkings")
  void chunksMeetAndResolve(String name, byte[] plain, byte[] gz, int chunkSize) throws IOException {
    InflateEngines.ByteArrayBlob blob = new InflateEngines.ByteArrayBlob(gz);
    List<GzipChunk> found = new ArrayList<>();
    for (long start = 0; start < gz.length; start += chunkSize) {
      GzipChunk chunk = GzipChunk.scan(blob, start, Math.min(gz.length, start + chunkSize), false);
      if (chunk.found()) {
        found.add(chunk);
      }
    }
    assertThat(found.size()).isGreaterThan(gz.length / chunkSize / 2);
    byte[] window = new byte[0];
    long produced = 0;
    for (int i = 0; i < found.size(); i++) {
      GzipChunk chunk = found.get(i);
      if (i > 0) {
        assertThat(chunk.startsAt(found.get(i - 1).endBit(), found.get(i - 1).endStoredKey())).as("chunk %d starts where chunk %d ended", i, i - 1)
            .isTrue();
      }
      if (chunk.startsMember()) {
        window = new byte[0];
      }
      produced += chunk.decodedBytes();
      window = chunk.windowAfter(window);
      assertThat(window).isNotNull();
      int expected = Math.min(window.length, (int) produced);
      assertThat(Arrays.equals(window, 0, expected, plain, (int) produced - expected, (int) produced))
          .as("window after chunk %d", i).isTrue();
    }
    assertThat(found.get(found.size() - 1).endOfData()).isTrue();
    assertThat(produced).isEqualTo(plain.length);
  }

  static Stream<Arguments> chunkings() {
    return streams().flatMap(a -> Stream.of(64 * 1024, 256 * 1024).map(size -> {
      Object[] args = a.get();
      return Arguments.of(args[0], args[1], args[2], size);
    }));
  }
}
