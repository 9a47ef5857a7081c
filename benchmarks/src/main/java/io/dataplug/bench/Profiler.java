package io.dataplug.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time of one run goes: Java Flight Recorder's method samples (Java and native) taken while the run
 * executes in this JVM (driver and local executors), summed by the innermost frame and by what that frame belongs
 * to (inflating, FASTQ parsing, Arrow, Spark, ...), written as a Markdown table beside the results.
 */
final class Profiler {
  private static final Map<String, String> AREAS = new LinkedHashMap<>();

  static {
    AREAS.put("java.util.zip.Deflater", "checkpoint windows (JDK zlib deflate)");
    AREAS.put("java.util.zip.", "inflate (JDK zlib)");
    AREAS.put("io.dataplug.formats.codec.LibDeflate", "inflate (libdeflate, native)");
    AREAS.put("io.dataplug.formats.codec.Isal", "inflate (ISA-L, native)");
    AREAS.put("io.dataplug.formats.text.Newlines", "line splitting (dataplug)");
    AREAS.put("io.dataplug.formats.gzip.", "inflate (dataplug's Java inflater, which stops at deflate blocks) and gzip framing");
    AREAS.put("io.dataplug.formats.fastq.FastqBatchWriter", "FASTQ into Arrow vectors (dataplug)");
    AREAS.put("io.dataplug.formats.fastq.", "FASTQ parsing (dataplug)");
    AREAS.put("io.dataplug.formats.las.", "LAS/LAZ decoding (dataplug)");
    AREAS.put("com.github.mreutegg.laszip4j.", "LAZ arithmetic decoding (laszip4j)");
    AREAS.put("io.dataplug.", "other dataplug");
    AREAS.put("org.apache.arrow.", "Arrow");
    AREAS.put("org.apache.spark.sql.catalyst.expressions.", "Spark generated code and expressions");
    AREAS.put("org.apache.spark.unsafe.", "Spark generated code and expressions");
    AREAS.put("org.apache.spark.", "Spark");
    AREAS.put("java.io.", "file reads (java.io/nio)");
    AREAS.put("java.nio.", "file reads (java.io/nio)");
    AREAS.put("sun.nio.", "file reads (java.io/nio)");
  }

  private Profiler() {}

  /** Runs {@code body} under a method-sampling recording and writes {@code out} (Markdown). */
  static void profile(String title, Suite.CaseRun.Body body, Path out) throws Exception {
    Path jfr = Files.createTempFile("bench", ".jfr");
    try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
      recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(10));
      recording.enable("jdk.NativeMethodSample").withPeriod(java.time.Duration.ofMillis(10));
      recording.start();
      long start = System.nanoTime();
      body.run();
      double seconds = (System.nanoTime() - start) / 1e9;
      recording.stop();
      recording.dump(jfr);
      Files.writeString(out, summarize(title, seconds, jfr));
    } finally {
      Files.deleteIfExists(jfr);
    }
  }

  static String summarize(String title, double seconds, Path jfr) throws IOException {
    Map<String, Integer> byMethod = new LinkedHashMap<>();
    Map<String, Integer> byArea = new LinkedHashMap<>();
    int total = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
      String type = event.getEventType().getName();
      if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      String thread = event.getThread("sampledThread") == null ? "" : event.getThread("sampledThread").getJavaName();
      if (type.equals("jdk.NativeMethodSample") && !isWorker(thread)) {
        continue; // idle threads parked in native code (selectors, timers) are not work
      }
      List<RecordedFrame> frames = stack.getFrames();
      RecordedFrame top = frames.get(0);
      String method = top.getMethod().getType().getName() + "." + top.getMethod().getName();
      byMethod.merge(method, 1, Integer::sum);
      byArea.merge(area(frames), 1, Integer::sum);
      total++;
    }
    StringBuilder md = new StringBuilder("# Profile: ").append(title).append("\n\n");
    md.append(String.format(Locale.ROOT, "One run of %.2f s sampled by Java Flight Recorder every 10 ms per thread "
        + "(Java and native frames of the driver and the local executor threads): %d samples.%n%n", seconds, total));
    md.append("| where (innermost frame that names a known part) | samples | share |\n|---|---:|---:|\n");
    appendSorted(md, byArea, total, 20);
    md.append("\n| innermost method | samples | share |\n|---|---:|---:|\n");
    appendSorted(md, byMethod, total, 15);
    return md.toString();
  }

  private static boolean isWorker(String thread) {
    return thread.startsWith("Executor task launch worker") || thread.equals("main");
  }

  /** The area of the innermost frame that belongs to a known part (JDK helpers count towards their caller). */
  private static String area(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = frame.getMethod().getType().getName();
      for (Map.Entry<String, String> e : AREAS.entrySet()) {
        if (type.startsWith(e.getKey())) {
          return e.getValue();
        }
      }
    }
    return "other";
  }

  private static void appendSorted(StringBuilder md, Map<String, Integer> counts, int total, int limit) {
    counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(limit).forEach(e -> md.append(
        String.format(Locale.ROOT, "| `%s` | %d | %.1f %% |%n", e.getKey(), e.getValue(), 100.0 * e.getValue() / Math.max(1, total))));
  }
}
