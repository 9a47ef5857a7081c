package io.dataplug.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the benchmark command itself in smoke mode (tiny inputs, one run), so that every case, every compared tool
 * and the report keep working. Each case checks that the tools agree on what they read, so a wrong count fails here.
 */
class BenchSmokeIT {
  @TempDir Path temp;

  @Test
  void everyCaseRunsAndTheReportHasEveryTarget() throws Exception {
    Path home = Path.of(System.getProperty("dataplug.home", "..")).toAbsolutePath().normalize();
    Path log = temp.resolve("bench.log");
    Process bench = new ProcessBuilder("bash", home.resolve("bin/bench").toString(), "--smoke",
        "--results", temp.resolve("results").toString(), "--work", temp.resolve("work").toString(), "--name", "smoke")
        .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!bench.waitFor(15, TimeUnit.MINUTES)) {
      bench.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(bench.exitValue()).as(output.substring(Math.max(0, output.length() - 8000))).isZero();

    Path dir = temp.resolve("results/smoke");
    List<Results.Row> rows = new Results(dir.resolve("results.csv")).rows();
    Set<String> cases = rows.stream().map(Results.Row::caseId).collect(Collectors.toSet());
    List<String> every = new java.util.ArrayList<>(Suite.CASES);
    every.addAll(Suite.OPT_IN);
    assertThat(cases).containsExactlyInAnyOrderElementsOf(every);
    // Every measurement is positive but exchange counts, which the tiles case expects to be 0 with bucketing on.
    assertThat(rows).filteredOn(r -> !r.metric().equals("exchanges"))
        .allSatisfy(r -> assertThat(r.value()).as("%s", r).isPositive());
    Report report = new Report(rows);
    assertThat(report.targets()).hasSize(40);
    assertThat(report.find("laz-tiles", "dataplug tiles (bucketing on: no exchange)", "exchanges", 2).median()).isZero();
    assertThat(report.find("laz-tiles", "dataplug tiles (bucketing off: one exchange)", "exchanges", 2).median())
        .isPositive();
    for (String tool : List.of("gzip -dc > /dev/null", "igzip -dc > /dev/null", "libdeflate-gunzip -c > /dev/null",
        "rapidgzip -P 2 with index -o /dev/null", "rapidgzip -P 2 with index --count-lines",
        "jdk inflater (1 thread)", "dataplug libdeflate inflate (1 thread)", "dataplug isal inflate (1 thread)",
        "dataplug java inflate (1 thread)")) {
      assertThat(report.find("gunzip", tool, "seconds", -1)).as(tool).isNotNull();
    }
    assertThat(report.find("gzip-csv", "spark.read.csv + dataplug codec", "seconds", 2)).isNotNull();
    assertThat(report.find("python-dataplug", "python dataplug", "records", 2).median())
        .as("the Python Dataplug reads every record of the same object")
        .isEqualTo(report.find("python-dataplug", "dataplug", "records", 2).median());
    assertThat(report.find("executor-memory", "dataplug executor", "peak_rss", 2)).isNotNull();
    assertThat(report.find("laz-points", "laspy+lazrs parallel", "points_per_second", 2)).isNotNull();
    String md = Files.readString(dir.resolve("results.md"));
    assertThat(md).contains("bin/bench --smoke", "## Targets", "### fastq-scan", "### planning");
    assertThat(dir.resolve("fastq-scan-seconds.png")).isNotEmptyFile();
    assertThat(dir.resolve("machine.txt")).isNotEmptyFile();
    assertThat(temp.resolve("work")).as("generated data is deleted after the run").doesNotExist();
  }
}
