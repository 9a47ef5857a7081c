package io.dataplug.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.status.api.v1.ExecutorSummary;
import scala.collection.JavaConverters;

/** Peak memory of the executor JVM of a local-cluster session: resident set from /proc, heap from Spark. */
final class ExecutorPeaks {
  private ExecutorPeaks() {}

  /** {peak RSS bytes, peak heap bytes} of the one executor JVM this session started. */
  static long[] of(SparkSession spark) throws IOException {
    List<ProcessHandle> executors = ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
        .toList();
    if (executors.size() != 1) {
      throw new IllegalStateException("expected one executor JVM under this process, found " + executors.size());
    }
    long rss = vmHwm(executors.get(0).pid());
    long heap = -1;
    for (ExecutorSummary e : JavaConverters.seqAsJavaList(spark.sparkContext().statusStore().executorList(true))) {
      if (!e.id().equals("driver") && e.peakMemoryMetrics().isDefined()) {
        ExecutorMetrics peaks = e.peakMemoryMetrics().get();
        heap = Math.max(heap, peaks.getMetricValue("JVMHeapMemory"));
      }
    }
    if (heap <= 0) {
      throw new IllegalStateException("Spark reported no heap peak for the executor (heartbeats off?)");
    }
    return new long[] {rss, heap};
  }

  /** The high-water mark of the resident set (VmHWM in /proc/PID/status). */
  static long vmHwm(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IOException("no VmHWM in /proc/" + pid + "/status");
  }
}
