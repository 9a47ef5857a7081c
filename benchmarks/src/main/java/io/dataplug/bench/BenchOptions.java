package io.dataplug.bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The command line of bin/bench, parsed and checked in one place. */
final class BenchOptions {
  static final String USAGE = String.join("\n",
      "usage: bin/bench [--size 1g|4g|16g] [--runs N] [--smoke] [--cases a,b] [--results DIR] [--work DIR] [--name NAME]",
      "  --size     compressed size of the generated FASTQ.gz (default 1g; 4g and 16g are the opt-in larger suites)",
      "  --runs     timed runs per measurement (default 3; the table shows median, min and max)",
      "  --smoke    tiny inputs and one run: checks that every case still works (the test command runs this)",
      "  --cases    only these cases (default all): " + String.join(",", Suite.CASES) + "; opt-in: "
          + String.join(",", Suite.OPT_IN),
      "  --results  where dated result folders go (default benchmarks/results)",
      "  --work     scratch folder for generated data, deleted case by case (default benchmarks/target/work)",
      "  --name     result folder name (default DATE-SIZE); an existing folder resumes at its first missing case");

  final long size;
  final String sizeLabel;
  final int runs;
  final boolean smoke;
  final Set<String> cases;
  final Path resultsRoot;
  final Path work;
  final String name;
  final Path home;

  BenchOptions(String[] args, Path home) {
    this.home = home;
    String sizeArg = "1g";
    int runsArg = 3;
    boolean smokeArg = false;
    Set<String> casesArg = new LinkedHashSet<>(Suite.CASES);
    boolean casesGiven = false;
    Path resultsArg = home.resolve("benchmarks/results");
    Path workArg = home.resolve("benchmarks/target/work");
    String nameArg = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--smoke" -> smokeArg = true;
        case "--size" -> sizeArg = value(args, ++i, a);
        case "--runs" -> runsArg = Integer.parseInt(value(args, ++i, a));
        case "--results" -> resultsArg = Path.of(value(args, ++i, a)).toAbsolutePath();
        case "--work" -> workArg = Path.of(value(args, ++i, a)).toAbsolutePath();
        case "--name" -> nameArg = value(args, ++i, a);
        case "--cases" -> {
          casesGiven = true;
          casesArg = new LinkedHashSet<>();
          for (String c : value(args, ++i, a).split(",")) {
            if (!Suite.CASES.contains(c.trim()) && !Suite.OPT_IN.contains(c.trim())) {
              throw new IllegalArgumentException("unknown case '" + c + "'; cases are " + String.join(",", Suite.CASES)
                  + " and, opt-in, " + String.join(",", Suite.OPT_IN));
            }
            casesArg.add(c.trim());
          }
        }
        case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
        default -> throw new IllegalArgumentException("unknown argument '" + a + "'\n" + USAGE);
      }
    }
    if (runsArg < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    this.smoke = smokeArg;
    this.sizeLabel = smokeArg ? "smoke" : sizeArg.toLowerCase(Locale.ROOT);
    this.size = smokeArg ? 6L << 20 : parseSize(sizeArg);
    this.runs = smokeArg ? 1 : runsArg;
    if (smokeArg && !casesGiven) {
      // Smoke mode runs the opt-in cases too, so that none of them rots.
      casesArg.addAll(Suite.OPT_IN);
    }
    this.cases = casesArg;
    this.resultsRoot = resultsArg;
    this.work = workArg;
    this.name = nameArg != null ? nameArg : LocalDate.now() + "-" + sizeLabel;
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
    }
    return args[i];
  }

  static long parseSize(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("g")) {
      unit = 1L << 30;
    } else if (t.endsWith("m")) {
      unit = 1L << 20;
    } else if (t.endsWith("k")) {
      unit = 1L << 10;
    }
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    try {
      long n = Long.parseLong(digits) * unit;
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--size: use a size like 1g, 4g, 16g or 512m, got '" + s + "'");
  }

  Path resultDir() {
    return resultsRoot.resolve(name);
  }

  /** Whether this run measures every case (only such a run replaces the README's results). */
  boolean allCases() {
    return cases.containsAll(Suite.CASES);
  }

  /** The command that reproduces this run, for the results table. */
  String command() {
    List<String> parts = new ArrayList<>(List.of("bin/bench"));
    if (smoke) {
      parts.add("--smoke");
    } else {
      parts.add("--size " + sizeLabel);
      parts.add("--runs " + runs);
    }
    if (!allCases()) {
      parts.add("--cases " + String.join(",", cases));
    }
    return String.join(" ", parts);
  }
}
