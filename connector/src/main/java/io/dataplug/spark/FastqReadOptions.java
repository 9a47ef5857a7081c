package io.dataplug.spark;

import io.dataplug.formats.fastq.FastqColumn;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.index.SidecarIndexes;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * Every read option of the FASTQ sources, parsed and checked in one place. Bad values fail with a message that
 * names the option, the value and what is allowed.
 */
final class FastqReadOptions implements Serializable {
  static final String PATH = "path";
  static final String PATHS = "paths";
  static final String SPLIT_SIZE = "splitSize";
  static final String PARTITIONS = "partitions";
  static final String INDEX = "index";
  static final String INDEX_LOCATION = "indexLocation";
  static final String CHECKPOINT_SPAN = "checkpointSpan";
  static final String BATCH_SIZE = "batchSize";
  static final String PATH_GLOB_FILTER = "pathGlobFilter";
  static final String RECURSIVE_FILE_LOOKUP = "recursiveFileLookup";
  static final String IGNORE_CORRUPT_FILES = "ignoreCorruptFiles";
  static final String INCLUDE_SOURCE_FILE = "includeSourceFile";
  static final String INCLUDE_ORDINAL = "includeOrdinal";

  static final long DEFAULT_SPLIT_SIZE = 128L << 20;
  static final int DEFAULT_BATCH_SIZE = 4096;
  private static final List<String> KNOWN = List.of(PATH, PATHS, SPLIT_SIZE, PARTITIONS, INDEX, INDEX_LOCATION,
      CHECKPOINT_SPAN, BATCH_SIZE, PATH_GLOB_FILTER, RECURSIVE_FILE_LOOKUP, IGNORE_CORRUPT_FILES, INCLUDE_SOURCE_FILE,
      INCLUDE_ORDINAL);

  final List<String> paths;
  final long splitSize;
  /** Target partition count, or 0 when sizing by {@link #splitSize}. */
  final int partitions;
  final SidecarIndexes.Mode indexMode;
  final String indexLocation;
  final long checkpointSpan;
  final boolean checkpointSpanGiven;
  final int batchSize;
  final String pathGlobFilter;
  final boolean recursiveFileLookup;
  final boolean ignoreCorruptFiles;
  final boolean includeSourceFile;
  final boolean includeOrdinal;

  FastqReadOptions(CaseInsensitiveStringMap options) {
    paths = parsePaths(options);
    boolean hasSplit = options.containsKey(SPLIT_SIZE);
    boolean hasPartitions = options.containsKey(PARTITIONS);
    if (hasSplit && hasPartitions) {
      throw new IllegalArgumentException("Give either option splitSize or option partitions, not both (got splitSize="
          + options.get(SPLIT_SIZE) + ", partitions=" + options.get(PARTITIONS) + ")");
    }
    splitSize = hasSplit ? bytes(options, SPLIT_SIZE) : sessionMaxPartitionBytes();
    partitions = hasPartitions ? positiveInt(options, PARTITIONS) : 0;
    indexMode = options.containsKey(INDEX) ? SidecarIndexes.Mode.parse(options.get(INDEX)) : SidecarIndexes.Mode.AUTO;
    indexLocation = options.get(INDEX_LOCATION);
    checkpointSpanGiven = options.containsKey(CHECKPOINT_SPAN);
    checkpointSpan = checkpointSpanGiven ? bytes(options, CHECKPOINT_SPAN) : IndexBuilder.DEFAULT_SPAN;
    if (checkpointSpan < 4096) {
      throw new IllegalArgumentException("Option checkpointSpan must be at least 4k, got '" + options.get(CHECKPOINT_SPAN) + "'");
    }
    batchSize = options.containsKey(BATCH_SIZE) ? positiveInt(options, BATCH_SIZE) : DEFAULT_BATCH_SIZE;
    pathGlobFilter = options.get(PATH_GLOB_FILTER);
    recursiveFileLookup = bool(options, RECURSIVE_FILE_LOOKUP);
    ignoreCorruptFiles = bool(options, IGNORE_CORRUPT_FILES);
    includeSourceFile = bool(options, INCLUDE_SOURCE_FILE);
    includeOrdinal = bool(options, INCLUDE_ORDINAL);
    for (String key : options.asCaseSensitiveMap().keySet()) {
      if (KNOWN.stream().noneMatch(k -> k.equalsIgnoreCase(key)) && !key.startsWith("fs.") && !key.startsWith("spark.")) {
        String suggestion = KNOWN.stream().filter(k -> editDistance(k.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT)) <= 2)
            .findFirst().map(k -> " Did you mean " + k + "?").orElse("");
        throw new IllegalArgumentException("Unknown option '" + key + "' (value '" + options.get(key)
            + "') for the dataplug FASTQ source." + suggestion + " Known options: " + String.join(", ", KNOWN));
      }
    }
  }

  /** Spark's own {@code spark.sql.files.maxPartitionBytes} (128m unless set), the default split size. */
  private static long sessionMaxPartitionBytes() {
    try {
      return org.apache.spark.sql.SparkSession.getActiveSession()
          .map(s -> JavaUtils.byteStringAsBytes(s.conf().get("spark.sql.files.maxPartitionBytes", "128m")))
          .getOrElse(() -> DEFAULT_SPLIT_SIZE);
    } catch (RuntimeException e) {
      return DEFAULT_SPLIT_SIZE;
    }
  }

  /** Hadoop settings given as read options (for example fs.s3a.*), passed to the file system. */
  static Map<String, String> hadoopOptions(CaseInsensitiveStringMap options) {
    Map<String, String> out = new java.util.HashMap<>();
    for (Map.Entry<String, String> e : options.asCaseSensitiveMap().entrySet()) {
      if (e.getKey().startsWith("fs.")) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** The columns of the source's schema, in order. */
  List<FastqColumn> columns() {
    List<FastqColumn> columns = new ArrayList<>(List.of(FastqColumn.NAME, FastqColumn.DESCRIPTION,
        FastqColumn.SEQUENCE, FastqColumn.QUALITY));
    if (includeSourceFile) {
      columns.add(FastqColumn.SOURCE_FILE);
    }
    if (includeOrdinal) {
      columns.add(FastqColumn.ORDINAL);
    }
    return columns;
  }

  private static List<String> parsePaths(CaseInsensitiveStringMap options) {
    List<String> out = new ArrayList<>();
    String path = options.get(PATH);
    if (path != null && !path.isBlank()) {
      out.add(path);
    }
    String paths = options.get(PATHS);
    if (paths != null && !paths.isBlank()) {
      // DataFrameReader.load(String...) passes several paths as a JSON array.
      String trimmed = paths.trim();
      if (trimmed.startsWith("[")) {
        try {
          String[] parsed = new com.fasterxml.jackson.databind.ObjectMapper().readValue(trimmed, String[].class);
          out.addAll(List.of(parsed));
        } catch (java.io.IOException e) {
          throw new IllegalArgumentException("Option paths is not a JSON array of strings: " + paths, e);
        }
      } else {
        for (String p : trimmed.split(",")) {
          if (!p.isBlank()) {
            out.add(p.trim());
          }
        }
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("No path given: use load(\"path\") or option(\"path\", ...)");
    }
    return out;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  static long bytes(CaseInsensitiveStringMap options, String key) {
    String value = options.get(key);
    long n;
    try {
      n = JavaUtils.byteStringAsBytes(value.trim().toLowerCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Invalid value '" + value + "' for option " + key
          + ": use a size in bytes with an optional suffix, like 134217728, 128m or 1g");
    }
    if (n <= 0) {
      throw new IllegalArgumentException("Option " + key + " must be positive, got '" + value + "'");
    }
    return n;
  }

  private static int positiveInt(CaseInsensitiveStringMap options, String key) {
    String value = options.get(key);
    try {
      int n = Integer.parseInt(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("Invalid value '" + value + "' for option " + key + ": use a positive integer");
  }

  private static boolean bool(CaseInsensitiveStringMap options, String key) {
    String value = options.get(key);
    if (value == null) {
      return false;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException("Invalid value '" + value + "' for option " + key + ": use true or false");
    }
  }
}
