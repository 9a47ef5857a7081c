package io.dataplug.formats.gzip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.codec.Codec;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.testing.FastqGenerator;
import io.dataplug.formats.testing.GzipWriters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BgzfTest {
  static Codec codec(byte[] bytes) throws Exception {
    try (Blob blob = new InflateEngines.ByteArrayBlob(bytes)) {
      return IndexBuilder.detectCodec(blob);
    }
  }

  @Test
  void recognisesBgzfByAChainOfBlocks() throws Exception {
    byte[] data = FastqGenerator.generate(1, 1 << 20, false, 0);
    assertThat(codec(GzipWriters.bgzf(data))).isEqualTo(Codec.BGZF);
    assertThat(codec(Files.readAllBytes(Path.of("../testdata/fastq/fastq_sample1.fq.bgz")))).isEqualTo(Codec.BGZF);
    assertThat(codec(GzipWriters.multiMember(data, 100_000, 6))).isEqualTo(Codec.GZIP);
    assertThat(codec(Files.readAllBytes(Path.of("../testdata/fastq/multiblock.fastq.gz")))).isEqualTo(Codec.GZIP);
    assertThat(codec(data)).isEqualTo(Codec.PLAIN);
  }

  @Test
  void aBrokenChainIsNotBgzf() throws Exception {
    byte[] bgzf = GzipWriters.bgzf(FastqGenerator.generate(1, 1 << 20, false, 0));
    byte[] wrongSize = bgzf.clone();
    wrongSize[16] ^= 0x10; // BSIZE of the first block now points into the middle of the second
    assertThat(codec(wrongSize)).isEqualTo(Codec.GZIP);
    // One BGZF-looking block followed by an ordinary gzip member.
    byte[] first = java.util.Arrays.copyOf(bgzf, ((bgzf[16] & 0xff) | (bgzf[17] & 0xff) << 8) + 1);
    byte[] plainMember = GzipWriters.singleMember("@r\nA\n+\nI\n".getBytes(), 6);
    byte[] mixed = new byte[first.length + plainMember.length];
    System.arraycopy(first, 0, mixed, 0, first.length);
    System.arraycopy(plainMember, 0, mixed, first.length, plainMember.length);
    assertThat(codec(mixed)).isEqualTo(Codec.GZIP);
  }
}
