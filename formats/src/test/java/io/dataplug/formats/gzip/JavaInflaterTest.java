package io.dataplug.formats.gzip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pure-Java decoder's hot loop against zlib's encoder (the JDK's {@link Deflater}, raw DEFLATE): data that
 * reaches each of its paths (literal pairs, codes longer than its table, matches that overlap themselves closer than
 * 8 bytes and from 8 on, stored blocks), at every level and strategy, through large and through 64-byte input
 * reads (the refill that cannot load 8 bytes at once). Corrupt codes are errors naming their byte.
 */
class JavaInflaterTest {

  static Stream<Arguments> streams() {
    List<Arguments> out = new ArrayList<>();
    for (String kind : List.of("fastq", "runs", "skewed", "noise")) {
      for (int level : new int[] {0, 1, 4, 6, 9}) {
        for (int strategy : new int[] {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY}) {
          if (level == 0 && strategy != Deflater.DEFAULT_STRATEGY) {
            continue;
          }
          out.add(Arguments.of(kind, level, strategy));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} level {1} strategy {2}")
  @MethodSource("streams")
  void decodesWhatZlibEncodes(String kind, int level, int strategy) throws IOException {
    byte[] data = data(kind);
    byte[] deflated = deflate(data, level, strategy);
    assertThat(inflate(deflated, ByteSource.DEFAULT_CHUNK)).isEqualTo(data);
    assertThat(inflate(deflated, 64)).isEqualTo(data);
  }

  @Test
  void skewedDataHasCodesLongerThanTheTable() throws IOException {
    JavaInflater inflater = new JavaInflater(source(deflate(data("skewed"), 9, Deflater.DEFAULT_STRATEGY), 1 << 20), 0);
    assertThat(inflater.readBlockHeader()).isEqualTo(DeflateBits.DYNAMIC);
    int longest = 0;
    for (int length = 1; length <= 15; length++) {
      longest = inflater.literals.count[length] > 0 ? length : longest;
    }
    assertThat(longest).isGreaterThan(DecodeTables.LITERAL_BITS);
  }

  @Test
  void literalLengthCode286IsAnErrorAtItsByte() {
    // A final fixed-Huffman block: 'a' (8-bit code 0x91), then 286 (8-bit code 0xC6).
    byte[] stream = new Bits().bits(1, 1).bits(1, 2).code(0x30 + 'a', 8).code(0xC6, 8).bytes();
    assertThatThrownBy(() -> inflate(stream, 1 << 20))
        .isInstanceOf(GzipFormatException.class)
        .hasMessageContaining("invalid literal/length code 286 (at compressed byte 2)");
  }

  @Test
  void distanceCode30IsAnErrorAtItsByte() {
    // 'a' 'b' 'c', then length 3 (code 257: 7 bits 0000001) with distance code 30 (5 bits 11110).
    byte[] stream = new Bits().bits(1, 1).bits(1, 2).code(0x30 + 'a', 8).code(0x30 + 'b', 8).code(0x30 + 'c', 8)
        .code(1, 7).code(30, 5).code(0, 7).bytes();
    assertThatThrownBy(() -> inflate(stream, 1 << 20))
        .isInstanceOf(GzipFormatException.class).hasMessageContaining("invalid distance code 30")
        .hasMessageContaining("(at compressed byte 4)");
  }

  @Test
  void distanceBeforeTheStartIsAnErrorAtItsByte() {
    // 'a', then length 3 at distance 2 (code 1, 5 bits) with only one byte before it.
    byte[] stream = new Bits().bits(1, 1).bits(1, 2).code(0x30 + 'a', 8).code(1, 7).code(1, 5).code(0, 7).bytes();
    assertThatThrownBy(() -> inflate(stream, 1 << 20))
        .isInstanceOf(GzipFormatException.class).hasMessageContaining("distance 2 reaches before the start")
        .hasMessageContaining("(at compressed byte 2)");
  }

  static byte[] data(String kind) {
    Random random = new Random(kind.hashCode());
    return switch (kind) {
      case "fastq" -> io.dataplug.formats.testing.FastqGenerator.generate(7, 1 << 20, false, 0);
      case "runs" -> {
        // Repeats of periods 1 to 40 (matches closer than, at and past 8 bytes, overlapping themselves), between
        // random text.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < 1 << 20) {
          int period = 1 + random.nextInt(40);
          byte[] unit = new byte[period];
          for (int i = 0; i < period; i++) {
            unit[i] = (byte) ('a' + random.nextInt(26));
          }
          int length = period + random.nextInt(600);
          for (int i = 0; i < length; i++) {
            out.write(unit[i % period]);
          }
          for (int i = random.nextInt(20); i > 0; i--) {
            out.write(random.nextInt(256));
          }
        }
        yield out.toByteArray();
      }
      case "skewed" -> {
        // Byte values with geometric frequencies: rare values get codes of up to 15 bits.
        byte[] out = new byte[1 << 20];
        for (int i = 0; i < out.length; i++) {
          int value = 0;
          while (value < 255 && random.nextInt(10) < 6) {
            value++;
          }
          out[i] = (byte) value;
        }
        yield out;
      }
      default -> {
        byte[] out = new byte[1 << 20];
        random.nextBytes(out);
        yield out;
      }
    };
  }

  static byte[] deflate(byte[] data, int level, int strategy) {
    Deflater deflater = new Deflater(level, true);
    deflater.setStrategy(strategy);
    deflater.setInput(data);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  private static ByteSource source(byte[] deflated, int chunkSize) {
    InflateEngines.ByteArrayBlob blob = new InflateEngines.ByteArrayBlob(deflated);
    return new ByteSource(blob, 0, deflated.length, chunkSize);
  }

  static byte[] inflate(byte[] deflated, int chunkSize) throws IOException {
    JavaInflater inflater = new JavaInflater(source(deflated, chunkSize), 0);
    inflater.startStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (true) {
      int status = inflater.inflate();
      out.write(inflater.buffer(), inflater.outputStart(), inflater.outputEnd() - inflater.outputStart());
      if (status == JavaInflater.STREAM_END) {
        return out.toByteArray();
      }
    }
  }

  /** DEFLATE's bit order: header fields least significant bit first, Huffman codes most significant bit first. */
  private static final class Bits {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int buffer;
    private int count;

    Bits bits(int value, int n) {
      for (int i = 0; i < n; i++) {
        bit((value >>> i) & 1);
      }
      return this;
    }

    Bits code(int code, int length) {
      for (int i = length - 1; i >= 0; i--) {
        bit((code >>> i) & 1);
      }
      return this;
    }

    private void bit(int bit) {
      buffer |= bit << count;
      if (++count == 8) {
        out.write(buffer);
        buffer = 0;
        count = 0;
      }
    }

    byte[] bytes() {
      if (count > 0) {
        out.write(buffer);
      }
      // Room for the decoder's look-ahead, as a real stream's trailer would give.
      out.write(new byte[8], 0, 8);
      return out.toByteArray();
    }
  }
}
