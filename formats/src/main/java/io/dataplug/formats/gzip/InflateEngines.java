package io.dataplug.formats.gzip;

import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.codec.NativeBytes;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobIdentity;
import io.dataplug.formats.storage.ReadStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;

/**
 * Chooses how checkpoints are resumed. Native zlib resumes through {@link EmptyBlockPrefix}; that relies on zlib
 * accepting a single-code literal table, so a self-test resumes a freshly compressed stream at block starts of every
 * bit residue both ways and falls back to the pure-Java decoder if anything differs.
 */
public final class InflateEngines {
  private static volatile GzipDecoder.Engine preferred;
  private static volatile String selfTestReport = "not run";

  private InflateEngines() {}

  /** The system property that forces an engine: {@code native} or {@code java}. */
  public static final String OVERRIDE_PROPERTY = "dataplug.inflater";

  public static GzipDecoder.Engine preferred() {
    GzipDecoder.Engine engine = preferred;
    if (engine == null) {
      synchronized (InflateEngines.class) {
        String forced = System.getProperty(OVERRIDE_PROPERTY, "").trim();
        if (preferred == null && forced.equalsIgnoreCase("java")) {
          selfTestReport = "pure-Java inflater forced by -D" + OVERRIDE_PROPERTY + "=java";
          preferred = GzipDecoder.Engine.JAVA;
        }
        if (preferred == null) {
          preferred = selfTest() ? GzipDecoder.Engine.NATIVE : GzipDecoder.Engine.JAVA;
        }
        engine = preferred;
      }
    }
    return engine;
  }

  /** The streaming engine {@code engine} means for gzip readers (member headers, the pieces spans do not cover). */
  public static GzipDecoder.Engine streaming(InflaterEngine engine) {
    return switch (engine) {
      case JAVA -> GzipDecoder.Engine.JAVA;
      case JDK -> GzipDecoder.Engine.NATIVE;
      default -> preferred();
    };
  }

  /**
   * The engine that inflates whole spans between checkpoints ({@link SpanSource}) for option {@code engine}: ISA-L
   * or libdeflate when named, and for auto ISA-L, else libdeflate (whichever loads and passes the span self-test);
   * null when spans are decoded by streaming.
   */
  public static InflaterEngine spanEngine(InflaterEngine engine) {
    return switch (engine) {
      case ISAL, LIBDEFLATE -> "ok".equals(spanStatus(engine)) ? engine : null;
      case AUTO -> "ok".equals(spanStatus(InflaterEngine.ISAL)) ? InflaterEngine.ISAL
          : "ok".equals(spanStatus(InflaterEngine.LIBDEFLATE)) ? InflaterEngine.LIBDEFLATE : null;
      default -> null;
    };
  }

  /**
   * The engine of a sequential index build for option {@code engine}: for auto and isal, ISA-L's streaming inflate
   * where it passed its boundary self-test ({@link #indexingStatus}); else the pure-Java decoder, which stops at every
   * block boundary.
   */
  public static GzipDecoder.Engine indexing(InflaterEngine engine) {
    boolean isal = engine == InflaterEngine.AUTO || engine == InflaterEngine.ISAL;
    return isal && "ok".equals(indexingStatus()) ? GzipDecoder.Engine.ISAL : GzipDecoder.Engine.JAVA;
  }

  private static final class IsalIndexingStatus {
    static final String STATUS = isalBoundarySelfTest();
  }

  /** "ok" when ISA-L's streaming inflate finds block boundaries exactly where they are (tested once); else why not. */
  public static String indexingStatus() {
    return IsalIndexingStatus.STATUS;
  }

  /**
   * Decodes the self-test stream, wrapped in a gzip member, through {@link GzipDecoder.Engine#ISAL}, asking for every
   * boundary: the output must be the data, and every boundary found one the Java decoder found, with
   * its window. This also checks the inflate state's fields read past the documented ones.
   */
  private static String isalBoundarySelfTest() {
    String span = spanStatus(InflaterEngine.ISAL);
    if (!"ok".equals(span)) {
      return span;
    }
    SelfTestStream test = selfTestStream();
    byte[] member = gzipMember(test.stream(), test.data());
    int headerBits = 80;
    try (GzipDecoder decoder = GzipDecoder.fromStart(new ByteArrayBlob(member), GzipDecoder.Engine.ISAL)) {
      byte[] out = new byte[test.data().length + 1];
      int produced = 0;
      int found = 0;
      decoder.wantBlockBoundaryFrom(1);
      while (true) {
        int n = decoder.read(out, produced, Math.min(out.length - produced, 1 << 16));
        if (n < 0) {
          break;
        }
        produced += n;
        if (n == 0 && decoder.boundary() == GzipDecoder.Boundary.BLOCK) {
          long bit = decoder.boundaryBitOffset() - headerBits;
          long at = produced;
          byte[] window = decoder.window();
          if (test.points().stream().noneMatch(p -> p.bitOffset() == bit && p.uncompressedOffset() == at
              && Arrays.equals(p.window(), window))) {
            return "ISA-L's streaming inflate reported a block boundary at bit " + bit + " and byte " + at
                + " where there is none (its inflate state differs from ISA-L 2.30's)";
          }
          found++;
          decoder.wantBlockBoundaryFrom(produced + 1);
        }
      }
      if (produced != test.data().length || !Arrays.equals(out, 0, produced, test.data(), 0, produced)) {
        return "ISA-L's streaming inflate decoded the self-test stream differently from the data";
      }
      if (found < test.points().size() / 2) {
        return "ISA-L's streaming inflate found only " + found + " of the " + test.points().size()
            + " block boundaries in the self-test stream";
      }
      return "ok";
    } catch (IOException | RuntimeException | LinkageError e) {
      return "ISA-L's streaming inflate failed its self-test: " + e;
    }
  }

  /** {@code stream} (raw DEFLATE of {@code data}) as a gzip member: RFC 1952 header, CRC32 and ISIZE. */
  private static byte[] gzipMember(byte[] stream, byte[] data) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(data);
    java.nio.ByteBuffer member = java.nio.ByteBuffer.allocate(10 + stream.length + 8)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    member.put(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
    member.put(stream);
    member.putInt((int) crc.getValue());
    member.putInt(data.length);
    return member.array();
  }

  /** Whether gzip readers inflate whole spans between checkpoints in one native call ({@link SpanSource}). */
  public static boolean inflatesSpans(InflaterEngine engine) {
    return spanEngine(engine) != null;
  }

  /** Throws when {@code engine} is named for a gzip reader but cannot run here, saying why. */
  public static void requireUsable(InflaterEngine engine) {
    engine.requireUsable();
    if ((engine == InflaterEngine.LIBDEFLATE || engine == InflaterEngine.ISAL) && !"ok".equals(spanStatus(engine))) {
      throw new IllegalArgumentException("Invalid value '" + engine.displayName() + "' for option inflater: "
          + spanStatus(engine) + "; use inflater auto");
    }
    if (engine == InflaterEngine.JDK && preferred() != GzipDecoder.Engine.NATIVE) {
      throw new IllegalArgumentException("Invalid value 'jdk' for option inflater: " + selfTestReport()
          + "; use inflater auto or java");
    }
  }

  /** The engine for a plan string: {@code auto (libdeflate here)}, or the engine named. */
  public static String describe(InflaterEngine engine) {
    if (engine != InflaterEngine.AUTO) {
      return engine.displayName();
    }
    InflaterEngine spans = spanEngine(engine);
    String here = spans != null ? spans.displayName() : preferred() == GzipDecoder.Engine.NATIVE ? "jdk" : "java";
    return "auto (" + here + " here)";
  }

  public static String selfTestReport() {
    preferred();
    return selfTestReport;
  }

  /** A raw DEFLATE stream of FASTQ-like text with a few random bytes, its data and its block starts. */
  private record SelfTestStream(byte[] data, byte[] stream, List<ResumePoint> points) {
    static SelfTestStream create() throws IOException {
      Random random = new Random(42);
      byte[] data = new byte[3 << 20];
      String[] words = {"ACGT", "@read", "+", "IIII#", "\n", "GATTACA", "0123", "TTAGGG"};
      int p = 0;
      while (p < data.length) {
        byte[] w = words[random.nextInt(words.length)].getBytes();
        int n = Math.min(w.length, data.length - p);
        System.arraycopy(w, 0, data, p, n);
        p += n;
        if (random.nextInt(50) == 0 && p < data.length) {
          data[p++] = (byte) random.nextInt(256);
        }
      }
      Deflater deflater = new Deflater(6, true);
      deflater.setInput(data);
      deflater.finish();
      byte[] compressed = new byte[data.length + 1024];
      int length = 0;
      while (!deflater.finished()) {
        length += deflater.deflate(compressed, length, compressed.length - length);
      }
      deflater.end();
      byte[] stream = Arrays.copyOf(compressed, length);
      return new SelfTestStream(data, stream, blockStarts(new ByteArrayBlob(stream)));
    }

    /** Some block starts, one per bit residue first. */
    List<ResumePoint> sample() {
      List<ResumePoint> out = new ArrayList<>();
      boolean[] residues = new boolean[8];
      for (ResumePoint point : points) {
        int residue = (int) (point.bitOffset() & 7);
        if (!residues[residue] || out.size() <= 3) {
          residues[residue] = true;
          out.add(point);
        }
      }
      return out;
    }

    boolean matches(ResumePoint point, byte[] got) {
      int from = (int) point.uncompressedOffset();
      return got.length > 0 && Arrays.equals(got, 0, got.length, data, from, from + got.length);
    }
  }

  /** Created once, when a self-test first needs it (the JVM initialises a holder class once). */
  private static final class SelfTestStreamHolder {
    static final SelfTestStream STREAM;

    static {
      try {
        STREAM = SelfTestStream.create();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private static SelfTestStream selfTestStream() {
    return SelfTestStreamHolder.STREAM;
  }

  static boolean selfTest() {
    try {
      SelfTestStream test = selfTestStream();
      List<ResumePoint> sample = test.sample();
      for (ResumePoint point : sample) {
        byte[] got = decodeRaw(test.stream(), point,
            Math.min(test.data().length - point.uncompressedOffset(), 200_000));
        if (!test.matches(point, got)) {
          selfTestReport = "native resume differs at bit " + point.bitOffset() + "; using the pure-Java inflater";
          return false;
        }
      }
      selfTestReport = "native zlib resume verified at " + sample.size() + " block starts; using native zlib";
      return true;
    } catch (IOException | RuntimeException | LinkageError e) {
      selfTestReport = "native resume self-test failed (" + e + "); using the pure-Java inflater";
      return false;
    }
  }

  private static final class LibdeflateSpanStatus {
    static final String STATUS = spanSelfTest(InflaterEngine.LIBDEFLATE);
  }

  private static final class IsalSpanStatus {
    static final String STATUS = spanSelfTest(InflaterEngine.ISAL);
  }

  /** "ok" when {@code engine} (libdeflate or ISA-L) loads and inflates spans exactly; else why not (tested once). */
  static String spanStatus(InflaterEngine engine) {
    return engine == InflaterEngine.ISAL ? IsalSpanStatus.STATUS : LibdeflateSpanStatus.STATUS;
  }

  /** Every sampled block start to the next one, and the last to the stream's end, by {@link SpanInflater}. */
  private static String spanSelfTest(InflaterEngine engine) {
    String name = engine == InflaterEngine.ISAL ? "ISA-L" : "libdeflate";
    try {
      engine.requireUsable();
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    try (SpanInflater inflater = SpanInflater.open(engine);
        NativeBytes inPlace = new NativeBytes(selfTestStream().stream().length)) {
      SelfTestStream test = selfTestStream();
      inPlace.slice(0, test.stream().length).put(test.stream());
      List<ResumePoint> points = test.points();
      for (ResumePoint point : test.sample()) {
        int next = points.indexOf(point) + 1;
        long toBit = next < points.size() ? points.get(next).bitOffset() : -1;
        long end = next < points.size() ? points.get(next).uncompressedOffset() : test.data().length;
        int expected = (int) (end - point.uncompressedOffset());
        byte[] window = point.window();
        int n = inflater.inflate(window, window.length, test.stream(), test.stream().length, point.bitOffset(), toBit,
            expected);
        byte[] got = new byte[n];
        inflater.copy(0, got, 0, n);
        if (n != expected || !test.matches(point, got)) {
          return name + " inflated the span from bit " + point.bitOffset() + " differently from the data";
        }
        if (inflater.streams()) {
          inflater.start(window, window.length, inPlace, test.stream().length, point.bitOffset(), toBit);
          byte[] streamed = new byte[expected];
          int at = 0;
          for (int r; at < expected && (r = inflater.read(streamed, at, expected - at)) > 0; ) {
            at += r;
          }
          if (at != expected || inflater.read(streamed, 0, 0) >= 0 || !test.matches(point, streamed)) {
            return name + " decoded the span from bit " + point.bitOffset() + " as a stream differently from the data";
          }
        }
      }
      return "ok";
    } catch (DataFormatException | RuntimeException | LinkageError e) {
      return name + " failed the span self-test: " + e;
    }
  }

  /** Block starts of a raw deflate stream with their windows, found by the pure-Java decoder. */
  private static List<ResumePoint> blockStarts(Blob blob) throws IOException {
    List<ResumePoint> points = new ArrayList<>();
    JavaInflater inflater = new JavaInflater(new ByteSource(blob, 0, blob.length(), 1 << 20), 0);
    long produced = 0;
    while (true) {
      int status = inflater.inflate();
      produced += inflater.outputEnd() - inflater.outputStart();
      if (status == JavaInflater.STREAM_END) {
        return points;
      }
      if (status == JavaInflater.BLOCK_END) {
        points.add(new ResumePoint(inflater.bitPosition(), produced, false, inflater.window()));
      }
    }
  }

  private static byte[] decodeRaw(byte[] all, ResumePoint point, long want) throws IOException {
    byte[] out = new byte[(int) want];
    java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
    try {
      inflater.setDictionary(point.window());
      int start = (int) (point.bitOffset() >>> 3);
      int residue = (int) (point.bitOffset() & 7);
      if (residue != 0) {
        byte[] prefix = EmptyBlockPrefix.forResidue(residue, all[start] & 0xFF);
        byte[] input = new byte[prefix.length + all.length - start - 1];
        System.arraycopy(prefix, 0, input, 0, prefix.length);
        System.arraycopy(all, start + 1, input, prefix.length, all.length - start - 1);
        inflater.setInput(input);
      } else {
        inflater.setInput(all, start, all.length - start);
      }
      int n = 0;
      while (n < out.length && !inflater.finished()) {
        int k = inflater.inflate(out, n, out.length - n);
        if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        n += k;
      }
      return Arrays.copyOf(out, n);
    } catch (java.util.zip.DataFormatException e) {
      throw new IOException(e.getMessage(), e);
    } finally {
      inflater.end();
    }
  }

  /** A blob over bytes in memory, for the self-test. */
  static final class ByteArrayBlob implements Blob {
    private final byte[] bytes;
    private final ReadStats stats = new ReadStats();

    ByteArrayBlob(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public String uri() {
      return "memory:self-test";
    }

    @Override
    public BlobIdentity identity() {
      return new BlobIdentity(bytes.length, "memory");
    }

    @Override
    public void readFully(long position, byte[] buffer, int offset, int len) throws IOException {
      if (position + len > bytes.length) {
        throw new java.io.EOFException("past the end");
      }
      System.arraycopy(bytes, (int) position, buffer, offset, len);
      stats.record(len);
    }

    @Override
    public ReadStats stats() {
      return stats;
    }

    @Override
    public void close() {}
  }
}
