package io.dataplug.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The results file of one benchmark run: one CSV line per measurement. A case's lines are appended together once
 * the case has finished, so a run that was interrupted resumes at the first case that has no lines.
 */
final class Results {
  static final String HEADER = "case,tool,metric,unit,run,value,input,input_bytes,cores";

  /** One measurement: {@code run} counts from 1; metrics measured once have run 1. */
  record Row(String caseId, String tool, String metric, String unit, int run, double value, String input,
      long inputBytes, int cores) {
    String csv() {
      return String.join(",", caseId, tool, metric, unit, Integer.toString(run),
          String.format(Locale.ROOT, "%.6g", value), input, Long.toString(inputBytes), Integer.toString(cores));
    }

    static Row parse(String line) {
      String[] f = line.split(",", -1);
      if (f.length != 9) {
        throw new IllegalArgumentException("not a results line: " + line);
      }
      return new Row(f[0], f[1], f[2], f[3], Integer.parseInt(f[4]), Double.parseDouble(f[5]), f[6],
          Long.parseLong(f[7]), Integer.parseInt(f[8]));
    }
  }

  private final Path csv;

  Results(Path csv) throws IOException {
    this.csv = csv;
    Files.createDirectories(csv.getParent());
    if (!Files.exists(csv)) {
      Files.writeString(csv, HEADER + "\n");
    }
  }

  Path file() {
    return csv;
  }

  List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(csv);
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        rows.add(Row.parse(line));
      }
    }
    return rows;
  }

  Set<String> completedCases() throws IOException {
    Set<String> done = new LinkedHashSet<>();
    for (Row row : rows()) {
      done.add(row.caseId());
    }
    return done;
  }

  void append(List<Row> rows) throws IOException {
    StringBuilder text = new StringBuilder();
    for (Row row : rows) {
      text.append(row.csv()).append('\n');
    }
    Files.write(csv, text.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND,
        StandardOpenOption.SYNC);
  }
}
