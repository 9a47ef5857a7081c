package io.dataplug.formats.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IsalTest {
  @AfterEach
  void everyNativeStateIsFreed() {
    assertThat(Isal.liveDecompressors()).as("ISA-L states not freed").isZero();
  }

  @Test
  void isalIsPresentAndPassesItsSelfTest() {
    // bin/test installs Debian's libisal2 where it is missing.
    assertThat(Isal.status()).isEqualTo("ok");
  }

  /** Seeded raw streams of text, noise and runs at every level decode as the JDK wrote them, one state reused. */
  @Test
  void seededStreamsDecodeByteForByte() throws DataFormatException {
    Random random = new Random(11);
    try (Isal.Decompressor isal = Isal.open()) {
      for (int trial = 0; trial < 40; trial++) {
        byte[] data = new byte[random.nextInt(1 << (8 + trial % 12)) + 1];
        for (int i = 0; i < data.length; i++) {
          data[i] = switch (trial % 3) {
            case 0 -> (byte) "ACGTN\n@+".charAt(random.nextInt(8));
            case 1 -> (byte) random.nextInt();
            default -> (byte) (i / 1000);
          };
        }
        Deflater deflater = new Deflater(trial % 10, true);
        deflater.setInput(data);
        deflater.finish();
        byte[] packed = new byte[data.length + 1024];
        int n = deflater.deflate(packed);
        deflater.end();
        assertThat(isal.inflateRaw(packed, n, data.length)).as("trial %d", trial).isEqualTo(data.length);
        byte[] out = new byte[data.length];
        isal.readOutput(0, out, 0, out.length);
        assertThat(Arrays.equals(out, data)).as("trial %d", trial).isTrue();
      }
    }
  }

  @Test
  void truncatedAndCorruptStreamsAreErrors() {
    byte[] data = new byte[100_000];
    new Random(3).nextBytes(data);
    Deflater deflater = new Deflater(6, true);
    deflater.setInput(data);
    deflater.finish();
    byte[] packed = new byte[data.length + 1024];
    int n = deflater.deflate(packed);
    deflater.end();
    try (Isal.Decompressor isal = Isal.open()) {
      assertThatThrownBy(() -> isal.inflateRaw(packed, n / 2, data.length))
          .isInstanceOf(DataFormatException.class).hasMessageContaining("truncated");
      packed[0] |= 6; // BTYPE 11, reserved (RFC 1951 section 3.2.3)
      assertThatThrownBy(() -> isal.inflateRaw(packed, n, data.length))
          .isInstanceOf(DataFormatException.class).hasMessageContaining("invalid DEFLATE data");
    }
  }

  @Test
  void theCounterSeesAnOpenStateAndItsClose() {
    Isal.Decompressor isal = Isal.open();
    assertThat(Isal.liveDecompressors()).isOne();
    isal.close();
    isal.close();
    assertThat(Isal.liveDecompressors()).isZero();
    assertThatThrownBy(() -> isal.inflateRaw(new byte[1], 1, 1)).isInstanceOf(IllegalStateException.class);
  }
}
