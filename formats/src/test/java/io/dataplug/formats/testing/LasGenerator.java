package io.dataplug.formats.testing;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes uncompressed LAS files of a chosen version and point format with seeded, survey-like points: a terrain
 * surface with buildings and vegetation, flight-line GPS times, returns and classifications. For tests and
 * benchmarks; LAZ is written by an independent writer (laspy + lazrs), never here.
 */
public final class LasGenerator {
  private LasGenerator() {}

  /** Writes {@code points} points of {@code format} (1, 3, 6 or 7) over a square of {@code extent} metres. */
  public static void write(Path file, int format, long points, double extent, long seed) throws IOException {
    boolean extended = format >= 6;
    int minor = extended ? 4 : 2;
    int headerSize = extended ? 375 : 227;
    int recordLength = switch (format) {
      case 1 -> 28;
      case 3 -> 34;
      case 6 -> 30;
      case 7 -> 36;
      default -> throw new IllegalArgumentException("format " + format);
    };
    double[] scale = {0.01, 0.01, 0.01};
    double[] offset = {500_000, 4_000_000, 0};
    Random random = new Random(seed);
    double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    double[] max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    long[] byReturn = new long[15];
    Path tmp = file.resolveSibling(file.getFileName() + ".points");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
      ByteBuffer r = ByteBuffer.allocate(recordLength).order(ByteOrder.LITTLE_ENDIAN);
      double time = 300_000 + random.nextDouble();
      long lines = Math.max(1, (points + 1999) / 2000);
      for (long p = 0; p < points; p++) {
        r.clear();
        // Scan lines of 2,000 points across the square, flown once from south to north: points arrive in flight
        // order, so a block of points covers a strip of a few lines, not the whole square.
        double line = p / 2000;
        double x = offset[0] + extent * ((p % 2000) / 2000.0 + random.nextGaussian() * 0.002);
        double y = offset[1] + extent * ((line + random.nextDouble()) / lines);
        double ground = 100 + 20 * Math.sin(x / 150) + 10 * Math.cos(y / 90);
        int classification = random.nextInt(10) < 6 ? 2 : random.nextBoolean() ? 5 : 6;
        double z = ground + (classification == 2 ? 0 : random.nextDouble() * (classification == 6 ? 25 : 15));
        int returns = 1 + random.nextInt(extended ? 5 : 3);
        int ret = 1 + random.nextInt(returns);
        int[] xyz = {(int) Math.round((x - offset[0]) / scale[0]), (int) Math.round((y - offset[1]) / scale[1]),
            (int) Math.round((z - offset[2]) / scale[2])};
        for (int axis = 0; axis < 3; axis++) {
          double v = xyz[axis] * scale[axis] + offset[axis];
          min[axis] = Math.min(min[axis], v);
          max[axis] = Math.max(max[axis], v);
        }
        byReturn[ret - 1]++;
        r.putInt(xyz[0]).putInt(xyz[1]).putInt(xyz[2]);
        r.putShort((short) random.nextInt(65536));
        time += 0.00001 + random.nextDouble() * 0.00001;
        if (!extended) {
          r.put((byte) (ret | returns << 3 | (random.nextInt(4) == 0 ? 0x40 : 0)));
          r.put((byte) classification);
          r.put((byte) (random.nextInt(61) - 30));
          r.put((byte) random.nextInt(256));
          r.putShort((short) (1 + p / 100_000));
          r.putDouble(time);
        } else {
          r.put((byte) (ret | returns << 4));
          r.put((byte) (random.nextInt(8) == 0 ? 0x08 : 0));
          r.put((byte) classification);
          r.put((byte) random.nextInt(256));
          r.putShort((short) (random.nextInt(10001) - 5000));
          r.putShort((short) (1 + p / 100_000));
          r.putDouble(time);
        }
        if (format == 3 || format == 7) {
          r.putShort((short) random.nextInt(65536)).putShort((short) random.nextInt(65536))
              .putShort((short) random.nextInt(65536));
        }
        out.write(r.array(), 0, recordLength);
      }
    }
    ByteBuffer h = ByteBuffer.allocate(headerSize).order(ByteOrder.LITTLE_ENDIAN);
    h.put("LASF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    h.position(24);
    h.put((byte) 1).put((byte) minor);
    h.position(26);
    h.put(pad("dataplug LasGenerator", 32)).put(pad("dataplug-spark tests", 32));
    h.putShort((short) 1).putShort((short) 2026);
    h.putShort((short) headerSize);
    h.putInt(headerSize);
    h.putInt(0);
    h.put((byte) format);
    h.putShort((short) recordLength);
    h.putInt(extended || points > 0xFFFFFFFFL ? 0 : (int) points);
    for (int i = 0; i < 5; i++) {
      h.putInt(extended ? 0 : (int) byReturn[i]);
    }
    for (double v : scale) {
      h.putDouble(v);
    }
    for (double v : offset) {
      h.putDouble(v);
    }
    for (int axis = 0; axis < 3; axis++) {
      h.putDouble(max[axis]).putDouble(min[axis]);
    }
    if (extended) {
      h.putLong(0); // start of waveform data
      h.putLong(0); // start of first EVLR
      h.putInt(0);
      h.putLong(points);
      for (int i = 0; i < 15; i++) {
        h.putLong(byReturn[i]);
      }
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(h.array());
      Files.copy(tmp, out);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static byte[] pad(String s, int n) {
    byte[] out = new byte[n];
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, out, 0, Math.min(n, b.length));
    return out;
  }
}
