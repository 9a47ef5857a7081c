package io.dataplug.formats.codec;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;

/** What the native libraries' self-tests decode: seeded bytes and the JDK's compression of them. */
final class SelfTestStreams {
  private SelfTestStreams() {}

  /** 1 MiB of DNA-like text with a random byte in every three. */
  static byte[] textAndNoise(long seed) {
    Random random = new Random(seed);
    byte[] data = new byte[1 << 20];
    for (int i = 0; i < data.length; i++) {
      data[i] = i % 3 == 0 ? (byte) random.nextInt() : (byte) "ACGT\n".charAt(random.nextInt(5));
    }
    return data;
  }

  /** {@code data} compressed by the JDK at {@code level}, raw DEFLATE or zlib-wrapped. */
  static byte[] deflate(byte[] data, int level, boolean raw) {
    Deflater deflater = new Deflater(level, raw);
    deflater.setInput(data);
    deflater.finish();
    byte[] packed = new byte[data.length * 2];
    int n = deflater.deflate(packed);
    deflater.end();
    return Arrays.copyOf(packed, n);
  }
}
