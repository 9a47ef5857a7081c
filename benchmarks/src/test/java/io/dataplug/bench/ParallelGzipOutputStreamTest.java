package io.dataplug.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.testing.FastqGenerator;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParallelGzipOutputStreamTest {
  @TempDir Path temp;

  /** gzip itself (an independent decoder, checking CRC-32 and length of every member) gives back the input. */
  @ParameterizedTest
  @EnumSource(Corpus.Gzip.class)
  void gzipDecompressesWhatWasWritten(Corpus.Gzip kind) throws Exception {
    byte[] fastq = FastqGenerator.generate(5, (5 << 20) + 12345, false, 0);
    Path gz = temp.resolve(kind + ".gz");
    try (OutputStream out = new ParallelGzipOutputStream(Files.newOutputStream(gz), kind, 1 << 20)) {
      out.write(fastq, 0, 1000);
      out.write(fastq[1000]);
      out.write(fastq, 1001, fastq.length - 1001);
    }
    Process gzip = new ProcessBuilder("gzip", "-dc", gz.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    byte[] back = gzip.getInputStream().readAllBytes();
    assertThat(gzip.waitFor()).isZero();
    assertThat(back).isEqualTo(fastq);
    byte[] file = Files.readAllBytes(gz);
    int members = 0;
    for (int i = 0; i + 3 < file.length; i++) {
      if (file[i] == 0x1f && file[i + 1] == (byte) 0x8b && file[i + 2] == 8) {
        members++;
      }
    }
    assertThat(members).as("gzip headers (a lower bound for multi-member and BGZF)")
        .isGreaterThanOrEqualTo(kind == Corpus.Gzip.SINGLE_MEMBER ? 1 : 6);
    if (kind == Corpus.Gzip.SINGLE_MEMBER) {
      assertThat(file.length).as("the chunks share their windows: as small as one deflate stream")
          .isLessThan((int) (fastq.length * 0.56));
    }
  }
}
