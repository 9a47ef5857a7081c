package io.dataplug.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The project's virtualenv (benchmarks/setup.sh) and the helper scripts in benchmarks/python. */
final class Python {
  private final Path interpreter;
  private final Path scripts;

  Python(Path home) {
    this.interpreter = home.resolve("notebooks/.venv/bin/python");
    this.scripts = home.resolve("benchmarks/python");
    if (!Files.isExecutable(interpreter)) {
      throw new IllegalStateException("No virtualenv at " + interpreter + ": run benchmarks/setup.sh (bin/bench does)");
    }
  }

  Path interpreter() {
    return interpreter;
  }

  Path bin(String tool) {
    return interpreter.getParent().resolve(tool);
  }

  /** Runs a helper script and returns the numbers of the flat JSON object it prints last. */
  Map<String, Double> run(String script, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(interpreter.toString(), scripts.resolve(script).toString()));
    command.addAll(args);
    String out = Commands.captured(command).stdout().trim();
    String last = out.lines().reduce((a, b) -> b).orElse("{}");
    Map<String, Double> values = new LinkedHashMap<>();
    Matcher m = Pattern.compile("\"(\\w+)\"\\s*:\\s*(-?[0-9.eE+-]+)").matcher(last);
    while (m.find()) {
      values.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return values;
  }
}
