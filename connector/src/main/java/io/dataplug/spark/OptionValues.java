package io.dataplug.spark;

import io.dataplug.formats.index.SidecarIndexes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** Parsing shared by the sources' option classes: every bad value fails naming the option, the value and what is allowed. */
final class OptionValues {
  /** Options every source takes. */
  static final String PATH = "path";
  static final String PATHS = "paths";
  static final String SPLIT_SIZE = "splitSize";
  static final String PARTITIONS = "partitions";
  static final String INDEX = "index";
  static final String INDEX_LOCATION = "indexLocation";
  static final String BATCH_SIZE = "batchSize";
  static final String PATH_GLOB_FILTER = "pathGlobFilter";
  static final String RECURSIVE_FILE_LOOKUP = "recursiveFileLookup";
  static final String IGNORE_CORRUPT_FILES = "ignoreCorruptFiles";
  static final String INCLUDE_SOURCE_FILE = "includeSourceFile";
  /** Named after Spark's spark.sql.parquet.enableVectorizedReader: false hands Spark rows instead of Arrow batches. */
  static final String ENABLE_VECTORIZED_READER = "enableVectorizedReader";
  static final long DEFAULT_SPLIT_SIZE = 128L << 20;
  static final long DEFAULT_OPEN_COST = 4L << 20;

  private OptionValues() {}

  /** {@code splitSize}, or Spark's maxPartitionBytes; giving it together with {@code partitions} is an error. */
  static long splitSize(CaseInsensitiveStringMap options) {
    if (options.containsKey(SPLIT_SIZE) && options.containsKey(PARTITIONS)) {
      throw new IllegalArgumentException("Give either option splitSize or option partitions, not both (got splitSize="
          + options.get(SPLIT_SIZE) + ", partitions=" + options.get(PARTITIONS) + ")");
    }
    return options.containsKey(SPLIT_SIZE) ? bytes(options, SPLIT_SIZE) : sessionMaxPartitionBytes();
  }

  /** The {@code index} mode: auto unless given. */
  static SidecarIndexes.Mode indexMode(CaseInsensitiveStringMap options) {
    return options.containsKey(INDEX) ? SidecarIndexes.Mode.parse(options.get(INDEX)) : SidecarIndexes.Mode.AUTO;
  }

  /** {@code partitions}, or 0 when partitions are sized by {@link #splitSize}. */
  static int partitions(CaseInsensitiveStringMap options) {
    return options.containsKey(PARTITIONS) ? positiveInt(options, PARTITIONS) : 0;
  }

  /** Fails on an option no source knows, suggesting the nearest known name. Hadoop (fs.*) and spark.* keys pass. */
  static void rejectUnknown(CaseInsensitiveStringMap options, List<String> known, String source) {
    for (String key : options.asCaseSensitiveMap().keySet()) {
      if (known.stream().noneMatch(k -> k.equalsIgnoreCase(key)) && !key.startsWith("fs.") && !key.startsWith("spark.")) {
        String suggestion = known.stream().filter(k -> editDistance(k.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT)) <= 2)
            .findFirst().map(k -> " Did you mean " + k + "?").orElse("");
        throw new IllegalArgumentException("Unknown option '" + key + "' (value '" + options.get(key)
            + "') for the dataplug " + source + " source." + suggestion + " Known options: " + String.join(", ", known));
      }
    }
  }

  /** Spark's own {@code spark.sql.files.maxPartitionBytes} (128m unless set), the default split size. */
  static long sessionMaxPartitionBytes() {
    return sessionBytes("spark.sql.files.maxPartitionBytes", DEFAULT_SPLIT_SIZE);
  }

  /** Spark's own {@code spark.sql.files.openCostInBytes} (4m unless set): what opening one more file costs. */
  static long sessionOpenCostInBytes() {
    return sessionBytes("spark.sql.files.openCostInBytes", DEFAULT_OPEN_COST);
  }

  private static long sessionBytes(String key, long fallback) {
    try {
      return org.apache.spark.sql.SparkSession.getActiveSession()
          .map(s -> s.conf().getOption(key).map(JavaUtils::byteStringAsBytes).getOrElse(() -> fallback))
          .getOrElse(() -> fallback);
    } catch (RuntimeException e) {
      return fallback;
    }
  }

  static List<String> parsePaths(CaseInsensitiveStringMap options) {
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

  static int editDistance(String a, String b) {
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

  static int positiveInt(CaseInsensitiveStringMap options, String key) {
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

  static boolean bool(CaseInsensitiveStringMap options, String key) {
    return bool(options, key, false);
  }

  static boolean bool(CaseInsensitiveStringMap options, String key, boolean fallback) {
    String value = options.get(key);
    if (value == null) {
      return fallback;
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
}
