package io.dataplug.cli;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.OptionSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed command line. Flags of the tool itself ({@code --master}, {@code --conf}, {@code --to}, {@code --out},
 * {@code --format}) are kept apart; every other {@code --flag} is a read option of the format by one rule
 * ({@code --split-size} is {@code splitSize}), checked against the format's declarations once it is known.
 */
final class CliArgs {
  static final List<String> TOOL_FLAGS = List.of("master", "conf", "to", "out", "format", "export", "threads");

  String command;
  final List<String> paths = new ArrayList<>();
  final Map<String, String> tool = new LinkedHashMap<>();
  /** Format option flags, by flag name without dashes ({@code split-size}). */
  final Map<String, String> optionFlags = new LinkedHashMap<>();
  final Map<String, String> conf = new LinkedHashMap<>();

  static CliArgs parse(String[] argv) {
    CliArgs a = new CliArgs();
    if (argv.length == 0) {
      throw new IllegalArgumentException("no command given");
    }
    a.command = argv[0];
    for (int i = 1; i < argv.length; i++) {
      String arg = argv[i];
      if (!arg.startsWith("--")) {
        a.paths.add(arg);
        continue;
      }
      String key = arg.substring(2);
      String value;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else if (i + 1 < argv.length) {
        value = argv[++i];
      } else {
        throw new IllegalArgumentException("option --" + key + " needs a value");
      }
      if (key.equals("conf")) {
        int sep = value.indexOf('=');
        if (sep <= 0) {
          throw new IllegalArgumentException("--conf wants KEY=VALUE, got " + value);
        }
        a.conf.put(value.substring(0, sep), value.substring(sep + 1));
      } else if (TOOL_FLAGS.contains(key)) {
        a.tool.put(key, value);
      } else if (isOptionFlag(key)) {
        a.optionFlags.put(key, value);
      } else {
        throw new IllegalArgumentException("unknown option --" + key);
      }
    }
    return a;
  }

  /** Whether some format declares an option with this flag (which format is checked once it is known). */
  private static boolean isOptionFlag(String flag) {
    for (DataFormat format : io.dataplug.formats.api.Formats.all()) {
      for (OptionSpec<?> option : format.options()) {
        if (option.flag().equals("--" + flag)) {
          return true;
        }
      }
    }
    return false;
  }

  void requirePaths() {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException(command + " needs at least one PATH");
    }
  }

  /** The read options the option flags mean for {@code format}; a flag the format does not declare is an error. */
  Map<String, String> readOptions(DataFormat format) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : optionFlags.entrySet()) {
      OptionSpec<?> spec = null;
      for (OptionSpec<?> candidate : format.options()) {
        if (candidate.flag().equals("--" + e.getKey())) {
          spec = candidate;
        }
      }
      if (spec == null) {
        List<String> flags = new ArrayList<>();
        format.options().forEach(o -> flags.add(o.flag()));
        throw new IllegalArgumentException("unknown option --" + e.getKey() + " for " + format.displayName()
            + " files; their options: " + String.join(" ", flags));
      }
      out.put(spec.name(), e.getValue());
    }
    return out;
  }

  CliArgs withPaths(List<String> newPaths) {
    CliArgs copy = new CliArgs();
    copy.command = command;
    copy.paths.addAll(newPaths);
    copy.tool.putAll(tool);
    copy.optionFlags.putAll(optionFlags);
    copy.conf.putAll(conf);
    return copy;
  }
}
