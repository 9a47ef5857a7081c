package io.dataplug.formats.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Seeded FASTQ like an Illumina run: instrument-style names with a comment, read lengths that vary, and quality
 * lines that often start with '@' or '+'. Optionally CRLF line ends and wrapped (multi-line) records.
 */
public final class FastqGenerator {
  private final Random random;
  private final boolean crlf;
  private final int wrap;
  private long ordinal;

  public FastqGenerator(long seed, boolean crlf, int wrap) {
    this.random = new Random(seed);
    this.crlf = crlf;
    this.wrap = wrap;
  }

  public static byte[] generate(long seed, long targetBytes, boolean crlf, int wrap) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 64, targetBytes + 1024));
    try {
      new FastqGenerator(seed, crlf, wrap).writeUntil(out, targetBytes);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  /** Writes whole records until at least {@code targetBytes} were written; returns the record count. */
  public long writeUntil(OutputStream out, long targetBytes) throws IOException {
    long written = 0;
    StringBuilder sb = new StringBuilder(1024);
    long start = ordinal;
    while (written < targetBytes) {
      sb.setLength(0);
      appendRecord(sb);
      byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
      out.write(bytes);
      written += bytes.length;
    }
    return ordinal - start;
  }

  private void appendRecord(StringBuilder sb) {
    long n = ordinal++;
    String eol = crlf ? "\r\n" : "\n";
    sb.append("@SIM:7:FC").append(706 + random.nextInt(3)).append(':').append(1 + random.nextInt(8)).append(':')
        .append(1101 + random.nextInt(200)).append(':').append(random.nextInt(30000)).append(':')
        .append(random.nextInt(30000)).append(':').append(n);
    if (random.nextInt(10) != 0) {
      sb.append(random.nextBoolean() ? ' ' : '\t').append(1 + random.nextInt(2)).append(":N:0:ATCACG");
    }
    sb.append(eol);
    int length = random.nextInt(20) == 0 ? random.nextInt(5) : 50 + random.nextInt(101);
    char[] sequence = new char[length];
    char[] quality = new char[length];
    for (int i = 0; i < length; i++) {
      sequence[i] = "ACGTN".charAt(random.nextInt(random.nextInt(100) == 0 ? 5 : 4));
      quality[i] = (char) ('!' + random.nextInt(42));
    }
    if (length > 0) {
      int q = random.nextInt(10);
      if (q < 3) {
        quality[0] = '@';
      } else if (q < 4) {
        quality[0] = '+';
      }
    }
    appendWrapped(sb, sequence, eol);
    sb.append('+');
    if (random.nextInt(4) == 0) {
      sb.append("SIM:").append(n);
    }
    sb.append(eol);
    appendWrapped(sb, quality, eol);
  }

  private void appendWrapped(StringBuilder sb, char[] chars, String eol) {
    if (chars.length == 0) {
      sb.append(eol);
      return;
    }
    int width = wrap > 0 ? wrap : chars.length;
    for (int i = 0; i < chars.length; i += width) {
      sb.append(chars, i, Math.min(width, chars.length - i)).append(eol);
    }
  }
}
