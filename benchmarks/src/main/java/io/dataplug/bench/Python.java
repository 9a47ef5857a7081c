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
    return run(script, args, 0);
  }

  /**
   * Runs a helper script on the first {@code cores} CPUs only ({@code taskset}); on one core it is told in
   * {@code BENCH_THREADS} to keep one thread per pool (more threads than cores only take turns; on more cores its own
   * defaults measured best); 0 leaves it on every CPU.
   */
  Map<String, Double> run(String script, List<String> args, int cores) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (cores == 1) {
      command.addAll(List.of("env", "BENCH_THREADS=1"));
    }
    if (cores > 0) {
      command.addAll(List.of("taskset", "-c", cores == 1 ? "0" : "0-" + (cores - 1)));
    }
    command.addAll(List.of(interpreter.toString(), scripts.resolve(script).toString()));
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
