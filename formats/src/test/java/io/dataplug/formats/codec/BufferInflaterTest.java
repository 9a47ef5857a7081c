package io.dataplug.formats.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BufferInflaterTest {
  private static final InflaterEngine[] ENGINES = {InflaterEngine.JDK, InflaterEngine.LIBDEFLATE};

  @AfterEach
  void everyNativeDecompressorIsFreed() {
    assertThat(LibDeflate.liveDecompressors()).as("libdeflate decompressors not freed").isZero();
  }

  @Test
  void libdeflateIsPresentAndPassesItsSelfTest() {
    // bin/test installs Debian's libdeflate0 where it is missing; auto must then take it.
    assertThat(LibDeflate.status()).isEqualTo("ok");
    assertThat(InflaterEngine.AUTO.resolve()).isEqualTo(InflaterEngine.LIBDEFLATE);
  }

  /** Seeded streams of every kind of content, both wrappings, several levels: every engine gives the same bytes. */
  @ParameterizedTest
  @EnumSource(value = InflaterEngine.class, names = {"JDK", "LIBDEFLATE"})
  void everyEngineDecodesSeededStreamsByteForByte(InflaterEngine engine) throws DataFormatException {
    Random random = new Random(7);
    for (int trial = 0; trial < 40; trial++) {
      byte[] data = content(random, trial % 4, random.nextInt(1 << (8 + trial % 12)) + 1);
      int level = new int[] {0, 1, 6, 9}[trial % 4];
      for (boolean zlib : new boolean[] {true, false}) {
        byte[] packed = deflate(data, level, zlib);
        byte[] out = new byte[data.length];
        try (BufferInflater inflater = BufferInflater.open(engine, zlib)) {
          assertThat(inflater.engine()).isEqualTo(engine);
          assertThat(inflater.inflate(packed, packed.length, out, out.length)).isEqualTo(data.length);
        }
        assertThat(out).as("trial %d, level %d, zlib %s", trial, level, zlib).isEqualTo(data);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = InflaterEngine.class, names = {"JDK", "LIBDEFLATE"})
  void aStreamLongerThanTheBufferGivesItsFirstBytes(InflaterEngine engine) throws DataFormatException {
    byte[] data = content(new Random(3), 1, 100_000);
    byte[] packed = deflate(data, 6, true);
    byte[] out = new byte[60_000];
    try (BufferInflater inflater = BufferInflater.open(engine, true)) {
      assertThat(inflater.inflate(packed, packed.length, out, out.length)).isEqualTo(out.length);
    }
    assertThat(out).isEqualTo(Arrays.copyOf(data, out.length));
  }

  @ParameterizedTest
  @EnumSource(value = InflaterEngine.class, names = {"JDK", "LIBDEFLATE"})
  void aStreamShorterThanTheBufferSaysHowMuchItGave(InflaterEngine engine) throws DataFormatException {
    byte[] data = content(new Random(4), 2, 10_000);
    byte[] packed = deflate(data, 6, true);
    try (BufferInflater inflater = BufferInflater.open(engine, true)) {
      assertThat(inflater.inflate(packed, packed.length, new byte[20_000], 20_000)).isEqualTo(data.length);
    }
  }

  @ParameterizedTest
  @EnumSource(value = InflaterEngine.class, names = {"JDK", "LIBDEFLATE"})
  void aZlibStreamWhoseChecksumFailsIsAnError(InflaterEngine engine) {
    byte[] data = content(new Random(5), 1, 50_000);
    byte[] packed = deflate(data, 6, true);
    packed[packed.length - 1] ^= 0x01;
    try (BufferInflater inflater = BufferInflater.open(engine, true)) {
      assertThatThrownBy(() -> inflater.inflate(packed, packed.length, new byte[data.length], data.length))
          .isInstanceOf(DataFormatException.class);
    }
  }

  @ParameterizedTest
  @EnumSource(value = InflaterEngine.class, names = {"JDK", "LIBDEFLATE"})
  void anInvalidBlockTypeIsAnError(InflaterEngine engine) {
    byte[] packed = {0x78, (byte) 0x9c, 0x07, 0x00, 0x00, 0x00};
    try (BufferInflater inflater = BufferInflater.open(engine, true)) {
      assertThatThrownBy(() -> inflater.inflate(packed, packed.length, new byte[100], 100))
          .isInstanceOf(DataFormatException.class);
    }
  }

  @Test
  void truncatedDataNeverPassesForWhole() throws DataFormatException {
    byte[] data = content(new Random(6), 1, 50_000);
    byte[] packed = deflate(data, 6, true);
    int cut = packed.length - 100;
    for (InflaterEngine engine : ENGINES) {
      try (BufferInflater inflater = BufferInflater.open(engine, true)) {
        byte[] out = new byte[data.length];
        try {
          assertThat(inflater.inflate(packed, cut, out, out.length)).as(engine.name()).isLessThan(data.length);
        } catch (DataFormatException expected) {
          // libdeflate cannot tell truncated from corrupt
        }
      }
    }
  }

  @Test
  void aNamedEngineOnlyItselfAndAutoResolvesOnce() {
    assertThat(InflaterEngine.JDK.resolve()).isEqualTo(InflaterEngine.JDK);
    assertThat(InflaterEngine.LIBDEFLATE.resolve()).isEqualTo(InflaterEngine.LIBDEFLATE);
    try (BufferInflater inflater = BufferInflater.open(InflaterEngine.AUTO, false)) {
      assertThat(inflater.engine()).isEqualTo(InflaterEngine.AUTO.resolve());
    }
  }

  /** 0 random bytes, 1 DNA-like text, 2 runs, 3 16-bit samples of a smooth field with noise (a raster tile). */
  private static byte[] content(Random random, int kind, int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = switch (kind) {
        case 0 -> (byte) random.nextInt();
        case 1 -> (byte) "ACGT\n".charAt(random.nextInt(5));
        case 2 -> (byte) (i / (1 + random.nextInt(300)));
        default -> (byte) (i % 2 == 0 ? 5000 + (int) (1000 * Math.sin(i / 100.0)) + random.nextInt(60)
            : (5000 + (int) (1000 * Math.sin((i - 1) / 100.0))) >> 8);
      };
    }
    return b;
  }

  private static byte[] deflate(byte[] data, int level, boolean zlib) {
    Deflater deflater = new Deflater(level, !zlib);
    deflater.setInput(data);
    deflater.finish();
    byte[] out = new byte[data.length + data.length / 10 + 64];
    int n = 0;
    while (!deflater.finished()) {
      n += deflater.deflate(out, n, out.length - n);
    }
    deflater.end();
    return Arrays.copyOf(out, n);
  }
}
