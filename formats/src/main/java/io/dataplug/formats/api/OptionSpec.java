package io.dataplug.formats.api;

import java.io.Serializable;
import java.util.Locale;
import java.util.function.Function;

/**
 * One read option as a format declares it: its name, type, default and one line of documentation. Parsing a value
 * fails with a message that names the option, the value and what is allowed. The CLI flag is derived by one rule
 * ({@code splitSize} is {@code --split-size}).
 *
 * @param <T> the parsed type
 */
public final class OptionSpec<T> implements Serializable {
  private final String name;
  private final String type;
  private final T defaultValue;
  private final String defaultText;
  private final String doc;
  private final SerializableParser<T> parser;
  /** An engine setting that gives the default when the option is absent (for example Spark's maxPartitionBytes). */
  private final String engineSetting;

  /** Parses a string; throws IllegalArgumentException naming what is allowed (without the option name). */
  public interface SerializableParser<T> extends Function<String, T>, Serializable {}

  private OptionSpec(String name, String type, T defaultValue, String defaultText, String doc,
      SerializableParser<T> parser, String engineSetting) {
    this.name = name;
    this.type = type;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.doc = doc;
    this.parser = parser;
    this.engineSetting = engineSetting;
  }

  public static OptionSpec<Long> bytes(String name, Long defaultValue, long min, String doc) {
    return new OptionSpec<>(name, "size", defaultValue, defaultValue == null ? "" : Sizes.human(defaultValue), doc,
        v -> {
          long n = Sizes.parse(v);
          if (n < min) {
            throw new IllegalArgumentException("must be at least " + Sizes.human(min));
          }
          return n;
        }, null);
  }

  public static OptionSpec<Integer> integer(String name, Integer defaultValue, int min, String doc) {
    return new OptionSpec<>(name, "integer", defaultValue, defaultValue == null ? "" : defaultValue.toString(), doc,
        v -> {
          try {
            int n = Integer.parseInt(v.trim());
            if (n >= min) {
              return n;
            }
          } catch (NumberFormatException e) {
            // reported below
          }
          throw new IllegalArgumentException(min == 1 ? "use a positive integer" : "use an integer of at least " + min);
        }, null);
  }

  public static OptionSpec<Double> positiveNumber(String name, String doc, String example) {
    return new OptionSpec<>(name, "number", null, "", doc, v -> {
      try {
        double d = Double.parseDouble(v.trim());
        if (d > 0 && Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("use a positive number" + (example == null ? "" : " (" + example + ")"));
    }, null);
  }

  public static OptionSpec<Boolean> bool(String name, boolean defaultValue, String doc) {
    return new OptionSpec<>(name, "boolean", defaultValue, Boolean.toString(defaultValue), doc, v -> {
      switch (v.trim().toLowerCase(Locale.ROOT)) {
        case "true":
          return true;
        case "false":
          return false;
        default:
          throw new IllegalArgumentException("use true or false");
      }
    }, null);
  }

  public static OptionSpec<String> string(String name, String doc) {
    return new OptionSpec<>(name, "string", null, "", doc, v -> v, null);
  }

  public static <E extends Enum<E>> OptionSpec<E> choice(String name, Class<E> type, E defaultValue, String doc) {
    StringBuilder allowed = new StringBuilder();
    E[] values = type.getEnumConstants();
    for (int i = 0; i < values.length; i++) {
      allowed.append(i == 0 ? "" : i == values.length - 1 ? " or " : ", ").append(values[i].name().toLowerCase(Locale.ROOT));
    }
    String message = "use " + allowed;
    return new OptionSpec<>(name, "choice", defaultValue, defaultValue.name().toLowerCase(Locale.ROOT), doc, v -> {
      try {
        return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(message);
      }
    }, null);
  }

  /** This option with another default (a format's own batch size, say). */
  public OptionSpec<T> withDefault(T value) {
    return new OptionSpec<>(name, type, value, String.valueOf(value), doc, parser, engineSetting);
  }

  /** This option, defaulting to an engine setting when absent (then to the declared default). */
  public OptionSpec<T> withEngineSetting(String setting) {
    return new OptionSpec<>(name, type, defaultValue, defaultText + " (or the engine's " + setting + ")", doc, parser,
        setting);
  }

  public String name() {
    return name;
  }

  public String type() {
    return type;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String defaultText() {
    return defaultText;
  }

  public String doc() {
    return doc;
  }

  public String engineSetting() {
    return engineSetting;
  }

  /** The command-line flag: {@code splitSize} is {@code --split-size}. */
  public String flag() {
    return flagOf(name);
  }

  public static String flagOf(String optionName) {
    StringBuilder out = new StringBuilder("--");
    for (char c : optionName.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('-').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Parses a value of this option; the error names the option, the value and what is allowed. */
  public T parse(String value) {
    if (value == null) {
      throw new IllegalArgumentException("Option " + name + " needs a value");
    }
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid value '" + value + "' for option " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
