package io.dataplug.formats.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NewlinesTest {

  private static int naive(byte[] b, int from, int end) {
    for (int i = from; i < end; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return end;
  }

  @Test
  void findsTheFirstNewlineOfEveryRangeLikeAByteLoop() {
    Random random = new Random(42);
    // Bytes next to '\n' in value (0x09, 0x0B, 0x8A) and 0x00/0xFF catch wrong masks and borrow errors.
    byte[] alphabet = {'\n', 0x09, 0x0B, (byte) 0x8A, 0x00, (byte) 0xFF, 'A', '@', '\r'};
    for (int trial = 0; trial < 2000; trial++) {
      byte[] b = new byte[random.nextInt(40)];
      int newlineShare = 1 + random.nextInt(12);
      for (int i = 0; i < b.length; i++) {
        b[i] = random.nextInt(newlineShare) == 0 ? (byte) '\n' : alphabet[1 + random.nextInt(alphabet.length - 1)];
      }
      for (int from = 0; from <= b.length; from++) {
        for (int end = from; end <= b.length; end++) {
          assertThat(Newlines.next(b, from, end)).as("from %d end %d", from, end).isEqualTo(naive(b, from, end));
        }
      }
    }
  }

  private static int naiveBlank(byte[] b, int from, int end) {
    for (int i = from; i < end; i++) {
      if (b[i] == ' ' || b[i] == '\t') {
        return i;
      }
    }
    return end;
  }

  @Test
  void findsTheFirstSpaceOrTabOfEveryRangeLikeAByteLoop() {
    Random random = new Random(43);
    // Neighbours of ' ' and '\t' in value (0x1F, 0x21, 0x08, 0x0A, 0xA0, 0x89) catch wrong masks and borrows.
    byte[] alphabet = {' ', '\t', 0x1F, 0x21, 0x08, '\n', (byte) 0xA0, (byte) 0x89, 0x00, (byte) 0xFF, 'A'};
    for (int trial = 0; trial < 2000; trial++) {
      byte[] b = new byte[random.nextInt(40)];
      int blankShare = 1 + random.nextInt(12);
      for (int i = 0; i < b.length; i++) {
        b[i] = random.nextInt(blankShare) == 0
            ? alphabet[random.nextInt(2)]
            : alphabet[2 + random.nextInt(alphabet.length - 2)];
      }
      for (int from = 0; from <= b.length; from++) {
        for (int end = from; end <= b.length; end++) {
          assertThat(Newlines.nextBlank(b, from, end)).as("from %d end %d", from, end)
              .isEqualTo(naiveBlank(b, from, end));
        }
      }
    }
  }

  @Test
  void returnsTheEndWhenThereIsNoNewline() {
    byte[] b = "ACGTACGTACGTACGTACGTA".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(Newlines.next(b, 0, b.length)).isEqualTo(b.length);
    assertThat(Newlines.next(b, 3, 17)).isEqualTo(17);
  }
}
