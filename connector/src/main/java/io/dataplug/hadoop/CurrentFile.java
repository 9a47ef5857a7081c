package io.dataplug.hadoop;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Which file a codec stream belongs to: a Hadoop codec is handed only the open stream. Spark records the file block
 * each task reads (its {@code InputFileBlockHolder}: set before the reader opens by its DSv1 file sources,
 * {@code HadoopRDD} and {@code NewHadoopRDD}, before the first record is read by DSv2 file sources); it counts only
 * when its offsets are the split's own.
 */
final class CurrentFile {
  private static final Method PATH;
  private static final Method START;
  private static final Method LENGTH;

  static {
    Method path = null;
    Method start = null;
    Method length = null;
    try {
      Class<?> holder = Class.forName("org.apache.spark.rdd.InputFileBlockHolder");
      path = holder.getMethod("getInputFilePath");
      start = holder.getMethod("getStartOffset");
      length = holder.getMethod("getLength");
    } catch (ReflectiveOperationException | LinkageError e) {
      // Not in Spark: no way to learn the file, so splits read as without an index.
    }
    PATH = path;
    START = start;
    LENGTH = length;
  }

  private CurrentFile() {}

  /** The file whose bytes {@code [start, end)} this task reads, or null when that cannot be known. */
  static String path(long start, long end) {
    if (PATH == null) {
      return null;
    }
    try {
      Object path = PATH.invoke(null);
      long blockStart = (Long) START.invoke(null);
      long blockLength = (Long) LENGTH.invoke(null);
      String text = path == null ? "" : path.toString();
      if (text.isEmpty() || blockStart != start || blockStart + blockLength != end) {
        return null;
      }
      try {
        // Spark's file sources give the URL-encoded path; HadoopRDD the plain one.
        return new org.apache.hadoop.fs.Path(new URI(text)).toString();
      } catch (URISyntaxException e) {
        return text;
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
