package io.dataplug.formats.gzip;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.LocalBlobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GzipDecoderTest {
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

  static byte[] decodeAll(GzipDecoder decoder) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    int n;
    while ((n = decoder.read(buf, 0, buf.length)) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
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

  @ParameterizedTest
  @EnumSource(GzipDecoder.Engine.class)
  void resumesAtEveryBlockStart(GzipDecoder.Engine engine) throws Exception {
    byte[] want = gunzip(REAL);
    List<ResumePoint> points = new ArrayList<>();
    try (Blob blob = new LocalBlobStore().open(REAL.toString());
        GzipDecoder decoder = GzipDecoder.fromStart(blob, GzipDecoder.Engine.JAVA)) {
      byte[] buf = new byte[65536];
      int n;
      while ((n = decoder.read(buf, 0, buf.length)) >= 0) {
        if (n == 0 && decoder.boundary() == GzipDecoder.Boundary.BLOCK) {
          points.add(new ResumePoint(decoder.boundaryBitOffset(), decoder.position(), false, decoder.window()));
        }
      }
    }
    assertThat(points).hasSizeGreaterThan(20);
    boolean[] residues = new boolean[8];
    try (Blob blob = new LocalBlobStore().open(REAL.toString())) {
      for (ResumePoint point : points) {
        residues[(int) (point.bitOffset() & 7)] = true;
        try (GzipDecoder decoder = GzipDecoder.resume(blob, point, blob.length(), engine)) {
          byte[] got = decodeAll(decoder);
          assertThat(Arrays.equals(got, 0, got.length, want, (int) point.uncompressedOffset(), want.length))
              .as("resume at bit %d", point.bitOffset()).isTrue();
        }
      }
    }
    assertThat(residues).containsOnly(true);
  }
}
