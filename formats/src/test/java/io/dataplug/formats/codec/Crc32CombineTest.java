package io.dataplug.formats.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class Crc32CombineTest {
  static long crc(byte[] b, int from, int to) {
    CRC32 crc = new CRC32();
    crc.update(b, from, to - from);
    return crc.getValue();
  }

  @Test
  void joinedPiecesGiveTheCrcOfTheWhole() {
    Random random = new Random(5);
    byte[] data = new byte[300_000];
    random.nextBytes(data);
    for (int split : new int[] {0, 1, 7, 8, 4095, 65536, 123_457, 299_999, 300_000}) {
      assertThat(Crc32Combine.combine(crc(data, 0, split), crc(data, split, data.length), data.length - split))
          .as("split at %d", split).isEqualTo(crc(data, 0, data.length));
    }
  }
}
