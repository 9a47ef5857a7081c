package io.dataplug.formats.api;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The options of one read, parsed once by name against a format's declarations into typed values, with defaults
 * from the declarations or from the engine's settings. Unknown options and bad values fail here, naming the option,
 * the value and what is allowed. Keys starting with {@code fs.} are file-system settings for this read.
 */
public final class ReadOptions implements Serializable {
  /** Spark's keys for the paths of {@code load(...)}, which are not options. */
  public static final String PATH = "path";
  public static final String PATHS = "paths";

  private final String formatName;
  private final List<String> paths;
  private final Map<String, Object> values;
  private final Map<String, Boolean> given;
  private final Map<String, String> fileSystemSettings;
  private final long openCost;
  private final int minPartitions;

  private ReadOptions(String formatName, List<String> paths, Map<String, Object> values, Map<String, Boolean> given,
      Map<String, String> fileSystemSettings, long openCost, int minPartitions) {
    this.formatName = formatName;
    this.paths = paths;
    this.values = values;
    this.given = given;
    this.fileSystemSettings = fileSystemSettings;
    this.openCost = openCost;
    this.minPartitions = minPartitions;
  }

  /**
   * Parses {@code options} (keys case-insensitive) for {@code format}. The engine passes the paths as it received
   * them (Spark's {@code path} and {@code paths} keys are skipped here).
   *
   * @param engineSettings the engine's settings that give defaults ({@link OptionSpec#engineSetting()}),
   *     {@link CommonOptions#OPEN_COST_SETTING} and {@link CommonOptions#MIN_PARTITIONS_SETTING}
   */
  public static ReadOptions parse(DataFormat format, List<String> paths, Map<String, String> options,
      Map<String, String> engineSettings) {
    List<OptionSpec<?>> specs = format.options();
    Map<String, OptionSpec<?>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (OptionSpec<?> spec : specs) {
      byName.put(spec.name(), spec);
    }
    Map<String, String> fs = new LinkedHashMap<>();
    Map<String, String> raw = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey();
      if (key.startsWith("fs.")) {
        fs.put(key, e.getValue());
      } else if (key.startsWith("spark.") || key.equalsIgnoreCase(PATH) || key.equalsIgnoreCase(PATHS)) {
        continue;
      } else if (!byName.containsKey(key)) {
        throw unknown(format, key, e.getValue(), specs);
      } else {
        raw.put(key, e.getValue());
      }
    }
    if (raw.containsKey(CommonOptions.SPLIT_SIZE.name()) && raw.containsKey(CommonOptions.PARTITIONS.name())) {
      throw new IllegalArgumentException("Give either option splitSize or option partitions, not both (got splitSize="
          + raw.get(CommonOptions.SPLIT_SIZE.name()) + ", partitions=" + raw.get(CommonOptions.PARTITIONS.name()) + ")");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Boolean> given = new LinkedHashMap<>();
    for (OptionSpec<?> spec : specs) {
      String value = raw.get(spec.name());
      Object parsed;
      if (value != null) {
        parsed = spec.parse(value);
      } else if (spec.engineSetting() != null && engineSettings.containsKey(spec.engineSetting())) {
        parsed = spec.parse(engineSettings.get(spec.engineSetting()));
      } else {
        parsed = spec.defaultValue();
      }
      values.put(spec.name(), parsed);
      given.put(spec.name(), value != null);
    }
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("No path given: use load(\"path\") or option(\"path\", ...)");
    }
    long openCost = engineSettings.containsKey(CommonOptions.OPEN_COST_SETTING)
        ? Sizes.parse(engineSettings.get(CommonOptions.OPEN_COST_SETTING)) : CommonOptions.DEFAULT_OPEN_COST;
    int minPartitions = engineSettings.containsKey(CommonOptions.MIN_PARTITIONS_SETTING)
        ? Integer.parseInt(engineSettings.get(CommonOptions.MIN_PARTITIONS_SETTING).trim()) : 0;
    ReadOptions parsed = new ReadOptions(format.displayName(), List.copyOf(paths), values, given,
        Collections.unmodifiableMap(fs), openCost, minPartitions);
    format.validate(parsed);
    return parsed;
  }

  private static IllegalArgumentException unknown(DataFormat format, String key, String value,
      List<OptionSpec<?>> specs) {
    List<String> known = new ArrayList<>();
    String suggestion = "";
    for (OptionSpec<?> spec : specs) {
      known.add(spec.name());
      if (suggestion.isEmpty()
          && editDistance(spec.name().toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT)) <= 2) {
        suggestion = " Did you mean " + spec.name() + "?";
      }
    }
    return new IllegalArgumentException("Unknown option '" + key + "' (value '" + value + "') for the dataplug "
        + format.displayName() + " source." + suggestion + " Known options: " + String.join(", ", known));
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

  /** The parsed value (or default) of a declared option. */
  @SuppressWarnings("unchecked")
  public <T> T get(OptionSpec<T> spec) {
    if (!values.containsKey(spec.name())) {
      throw new IllegalStateException("the " + formatName + " source does not declare option " + spec.name());
    }
    return (T) values.get(spec.name());
  }

  /** Whether the user gave this option (rather than its default applying). */
  public boolean given(OptionSpec<?> spec) {
    return given.getOrDefault(spec.name(), false);
  }

  public boolean accepts(OptionSpec<?> spec) {
    return values.containsKey(spec.name());
  }

  public List<String> paths() {
    return paths;
  }

  /** {@code fs.*} settings given with this read. */
  public Map<String, String> fileSystemSettings() {
    return fileSystemSettings;
  }

  /** What opening one more file counts for when packing partitions (the engine's openCostInBytes). */
  public long openCost() {
    return openCost;
  }

  /** The engine's parallelism (at least this many partitions where the data allows), or 0 when unknown. */
  public int minPartitions() {
    return minPartitions;
  }

  /** Target partition count, or 0 when partitions are sized by splitSize. */
  public int partitions() {
    Integer n = accepts(CommonOptions.PARTITIONS) ? get(CommonOptions.PARTITIONS) : null;
    return n == null ? 0 : n;
  }

  public long splitSize() {
    return get(CommonOptions.SPLIT_SIZE);
  }

  /** How the read is split, for plan descriptions: {@code partitions=8} or {@code splitSize=134217728}. */
  public String splitDescription() {
    return partitions() > 0 ? "partitions=" + partitions() : "splitSize=" + splitSize();
  }
}
