package io.dataplug.formats.gzip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every entry of the hot loop's tables against a reference decoder of the same code lengths: canonical codes
 * assigned here the way RFC 1951 section 3.2.2 describes them (sorted by length, then symbol), looked up by their
 * bit-reversed value.
 */
class DecodeTablesTest {

  @Test
  void literalLengthEntriesDecodeTheFixedCode() {
    int[] lengths = new int[288];
    for (int i = 0; i < 288; i++) {
      lengths[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
    }
    assertLiteralLengthTable(lengths, DecodeTables.FIXED_LITERALS);
  }

  @Test
  void literalLengthEntriesDecodeSeededRandomCodes() {
    Random random = new Random(31);
    int[] table = new int[1 << DecodeTables.LITERAL_BITS];
    int sawPairs = 0;
    int sawLongCodes = 0;
    for (int set = 0; set < 60; set++) {
      int[] lengths = randomValidLengths(random, 286, 1 + set % 15);
      DecodeTables.buildLiteralLengths(lengths, 0, lengths.length, table, new int[DecodeTables.SCRATCH_INTS]);
      assertLiteralLengthTable(lengths, table);
      for (int entry : table) {
        sawPairs += entry < 0 && (entry & DecodeTables.PAIR) != 0 ? 1 : 0;
      }
      sawLongCodes += java.util.Arrays.stream(lengths).anyMatch(l -> l > DecodeTables.LITERAL_BITS) ? 1 : 0;
    }
    assertThat(sawPairs).as("literal pairs").isPositive();
    assertThat(sawLongCodes).as("code sets with codes longer than the table").isPositive();
  }

  @Test
  void distanceEntriesDecodeSeededRandomCodesAndTheFixedCode() {
    Random random = new Random(32);
    int[] table = new int[1 << DecodeTables.DISTANCE_BITS];
    for (int set = 0; set < 60; set++) {
      int[] lengths = randomValidLengths(random, 32, 1 + set % 15);
      DecodeTables.buildDistances(lengths, 0, lengths.length, table, new int[DecodeTables.SCRATCH_INTS]);
      assertDistanceTable(lengths, table);
    }
    int[] fixed = new int[32];
    java.util.Arrays.fill(fixed, 5);
    assertDistanceTable(fixed, DecodeTables.FIXED_DISTANCES);
  }

  /** Lengths up to {@code maxLength} that do not over-subscribe the code (often incomplete, as data may have them). */
  private static int[] randomValidLengths(Random random, int symbols, int maxLength) {
    int[] lengths = new int[symbols];
    for (int i = 0; i < symbols; i++) {
      lengths[i] = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(maxLength);
    }
    DeflateBits.Huffman check = new DeflateBits.Huffman(symbols, false);
    while (!check.build(lengths, 0, symbols)) {
      int i = random.nextInt(symbols);
      if (lengths[i] > 0 && lengths[i] < 15) {
        lengths[i]++;
      }
    }
    return lengths;
  }

  private static void assertLiteralLengthTable(int[] lengths, int[] table) {
    Reference code = new Reference(lengths);
    int bits = DecodeTables.LITERAL_BITS;
    for (int index = 0; index < table.length; index++) {
      int entry = table[index];
      int[] first = code.decode(index, bits);
      String at = "entry " + index;
      if (first == null) {
        assertThat(entry).as(at + ": no code of at most " + bits + " bits").isZero();
        continue;
      }
      int symbol = first[0];
      int length = first[1];
      if (symbol < 256) {
        assertThat(entry).as(at).isNegative();
        assertThat((entry >>> 8) & 0xFF).as(at + " literal").isEqualTo(symbol);
        int[] second = code.decode(index >>> length, bits - length);
        if (second != null && second[0] < 256) {
          assertThat(entry & DecodeTables.PAIR).as(at + " pair").isNotZero();
          assertThat((entry >>> 16) & 0xFF).as(at + " second literal").isEqualTo(second[0]);
          assertThat(entry & 15).as(at + " bits").isEqualTo(length + second[1]);
        } else {
          assertThat(entry & DecodeTables.PAIR).as(at + " single").isZero();
          assertThat(entry & 15).as(at + " bits").isEqualTo(length);
        }
        continue;
      }
      assertThat(entry).as(at).isPositive();
      assertThat(entry & 15).as(at + " bits").isEqualTo(length);
      if (symbol == 256) {
        assertThat(entry & DecodeTables.END_OF_BLOCK).as(at + " end of block").isNotZero();
      } else if (symbol >= 286) {
        assertThat(entry & DecodeTables.INVALID).as(at + " invalid").isNotZero();
        assertThat((entry >>> 8) & 0x1FF).as(at + " symbol").isEqualTo(symbol);
      } else {
        assertThat(entry & (DecodeTables.END_OF_BLOCK | DecodeTables.INVALID)).as(at).isZero();
        assertThat(entry >>> 8).as(at + " length base").isEqualTo(DeflateBits.LENGTH_BASE[symbol - 257]);
        assertThat((entry >>> 4) & 15).as(at + " extra bits").isEqualTo(DeflateBits.LENGTH_EXTRA[symbol - 257]);
      }
    }
  }

  private static void assertDistanceTable(int[] lengths, int[] table) {
    Reference code = new Reference(lengths);
    for (int index = 0; index < table.length; index++) {
      int entry = table[index];
      int[] decoded = code.decode(index, DecodeTables.DISTANCE_BITS);
      String at = "entry " + index;
      if (decoded == null) {
        assertThat(entry).as(at).isZero();
        continue;
      }
      assertThat(entry & 15).as(at + " bits").isEqualTo(decoded[1]);
      if (decoded[0] >= 30) {
        assertThat(entry & DecodeTables.INVALID).as(at + " invalid").isNotZero();
        assertThat((entry >>> 8) & 0x1F).as(at + " symbol").isEqualTo(decoded[0]);
      } else {
        assertThat(entry & DecodeTables.INVALID).as(at).isZero();
        assertThat(entry >>> 8).as(at + " distance base").isEqualTo(DeflateBits.DIST_BASE[decoded[0]]);
        assertThat((entry >>> 4) & 15).as(at + " extra bits").isEqualTo(DeflateBits.DIST_EXTRA[decoded[0]]);
      }
    }
  }

  /** Canonical codes of a set of lengths, keyed by length and the code's bits in input order. */
  private static final class Reference {
    private final List<Map<Integer, Integer>> byLength = new ArrayList<>();

    Reference(int[] lengths) {
      for (int l = 0; l <= 15; l++) {
        byLength.add(new HashMap<>());
      }
      int code = 0;
      for (int l = 1; l <= 15; l++) {
        for (int symbol = 0; symbol < lengths.length; symbol++) {
          if (lengths[symbol] == l) {
            int inputOrder = Integer.reverse(code) >>> (32 - l);
            byLength.get(l).put(inputOrder, symbol);
            code++;
          }
        }
        code <<= 1;
      }
    }

    /** {symbol, length} of the code at the start of the low {@code available} bits of {@code bits}, or null. */
    int[] decode(int bits, int available) {
      for (int l = 1; l <= available; l++) {
        Integer symbol = byLength.get(l).get(bits & ((1 << l) - 1));
        if (symbol != null) {
          return new int[] {symbol, l};
        }
      }
      return null;
    }
  }
}
