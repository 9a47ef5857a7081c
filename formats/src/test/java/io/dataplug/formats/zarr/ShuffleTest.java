package io.dataplug.formats.zarr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Byte unshuffle against the shuffle's definition (byte j of element i stored at j * n + i), every element size. */
class ShuffleTest {
  @Test
  void unshuffleUndoesTheShuffleForEveryElementSizeAndATail() {
    Random random = new Random(11);
    for (int size = 1; size <= 16; size++) {
      for (int length : new int[] {0, size, 1000 * size, 1000 * size + size - 1}) {
        byte[] plain = new byte[length];
        random.nextBytes(plain);
        int n = length / size;
        byte[] shuffled = new byte[length + 3];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < size; j++) {
            shuffled[3 + j * n + i] = plain[i * size + j];
          }
        }
        System.arraycopy(plain, n * size, shuffled, 3 + n * size, length - n * size);
        byte[] out = new byte[length + 5];
        Shuffle.unshuffle(shuffled, 3, length, size, out, 5);
        assertThat(java.util.Arrays.copyOfRange(out, 5, 5 + length)).as("size %d, %d bytes", size, length)
            .isEqualTo(plain);
      }
    }
  }
}
