package io.dataplug.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * bin/bench: generates the inputs, runs every case side by side, appends results.csv case by case, then writes
 * results.md, machine.txt and the PNG plots into benchmarks/results/DATE-SIZE (and the README's results section).
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("dataplug.home", ".")).toAbsolutePath().normalize();
    BenchOptions options;
    try {
      options = new BenchOptions(args, home);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Python python = new Python(home);
    Sparks sparks = new Sparks(System.getProperty("java17.flags", ""), System.getProperty("connector.jar", ""));
    Path dir = options.resultDir();
    Files.createDirectories(dir);
    Results results = new Results(dir.resolve("results.csv"));
    List<String> machine = Machine.describe(python.interpreter(), options.work);
    Files.write(dir.resolve("machine.txt"), machine);
    System.out.println("dataplug benchmarks: " + options.command() + " -> " + dir);
    machine.forEach(line -> System.out.println("  " + line));
    try {
      new Suite(options, python, sparks).run(results);
    } finally {
      sparks.stop();
    }
    Report report = new Report(results.rows());
    List<String> plots = new ArrayList<>();
    String listed = Commands.captured(List.of(python.interpreter().toString(),
        home.resolve("benchmarks/python/plot.py").toString(), results.file().toString(), dir.toString())).stdout();
    listed.lines().filter(l -> l.endsWith(".png")).forEach(plots::add);
    System.out.println(report.write(dir, options, machine, plots));
    if (!options.smoke && options.allCases() && dir.startsWith(home.resolve("benchmarks/results"))) {
      report.updateReadme(home.resolve("README.md"), dir, options);
    }
    System.out.println("results: " + dir.resolve("results.md"));
  }
}
