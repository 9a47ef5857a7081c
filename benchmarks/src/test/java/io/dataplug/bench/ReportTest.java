package io.dataplug.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  @TempDir Path temp;

  static List<Results.Row> rows(String caseId, String tool, String metric, int cores, double... values) {
    List<Results.Row> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.add(new Results.Row(caseId, tool, metric, "s", i + 1, values[i], "FASTQ.gz", 1L << 30, cores));
    }
    return out;
  }

  @Test
  void mediansRatiosAndTargetsComeFromTheRuns() {
    List<Results.Row> all = new ArrayList<>();
    all.addAll(rows("fastq-scan", "spark.read.text", "seconds", 2, 10, 12, 11));
    all.addAll(rows("fastq-scan", "dataplug", "seconds", 2, 5, 6, 4));
    all.addAll(rows("fastq-scan", "dataplug count()", "seconds", 2, 1.5));
    all.addAll(rows("fastq-scaling", "dataplug", "seconds", 1, 9, 10, 11));
    all.addAll(rows("fastq-scaling", "dataplug", "seconds", 2, 6, 5, 5.5));
    Report report = new Report(all);
    assertThat(report.find("fastq-scan", "dataplug", "seconds", 2).median()).isEqualTo(5);
    assertThat(report.find("fastq-scan", "spark.read.text", "seconds", 2).max()).isEqualTo(12);
    String table = report.targetsTable();
    assertThat(table).contains("| FASTQ.gz scan vs Spark's reader (spark.read.text), 2 cores | >= 3x faster | 2.20x | no |");
    assertThat(table).contains("| < 1 s | 1.50 s | no |");
    assertThat(report.targets()).hasSize(2);
  }

  @Test
  void theReportShowsRatiosToTheBaselineAndScalingEfficiency() throws Exception {
    List<Results.Row> all = new ArrayList<>();
    all.addAll(rows("fastq-scan", "spark.read.text", "seconds", 2, 10));
    all.addAll(rows("fastq-scan", "dataplug", "seconds", 2, 4));
    all.addAll(rows("fastq-scaling", "dataplug", "seconds", 1, 10));
    all.addAll(rows("fastq-scaling", "dataplug", "seconds", 2, 6.25));
    BenchOptions options = new BenchOptions(new String[] {"--smoke", "--name", "t"}, temp);
    String md = new Report(all).write(temp, options, List.of("cpu: test"), List.of("a.png"));
    assertThat(md).contains("| dataplug | 2 | FASTQ.gz (1.00 GiB) | seconds (s) | 4.00 | 4.00 | 4.00 | 1 | 2.50x |");
    assertThat(md).contains("1.60x (efficiency 80 %)", "- cpu: test", "![a.png](a.png)", "bin/bench --smoke");
    assertThat(Files.readString(temp.resolve("results.md"))).isEqualTo(md);
  }

  @Test
  void aResultsFileResumesAfterItsLastFinishedCase() throws Exception {
    Path csv = temp.resolve("run/results.csv");
    Results first = new Results(csv);
    first.append(rows("gunzip", "gzip -dc", "seconds", 1, 1.25, 1.5));
    Results again = new Results(csv);
    assertThat(again.completedCases()).containsExactly("gunzip");
    assertThat(again.rows()).hasSize(2).first().satisfies(r -> assertThat(r.value()).isEqualTo(1.25));
    assertThat(Files.readAllLines(csv).get(0)).isEqualTo(Results.HEADER);
  }

  @Test
  void theReadmeSectionBetweenItsMarkersIsReplaced() throws Exception {
    Path readme = Files.writeString(temp.resolve("README.md"),
        "intro\n<!-- benchmarks:begin -->\nold\n<!-- benchmarks:end -->\nrest\n");
    BenchOptions options = new BenchOptions(new String[] {"--size", "4g", "--runs", "5"}, temp);
    new Report(rows("fastq-scan", "dataplug count()", "seconds", 2, 0.5))
        .updateReadme(readme, temp.resolve("benchmarks/results/x"), options);
    String text = Files.readString(readme);
    assertThat(text).startsWith("intro\n<!-- benchmarks:begin -->\nLatest run: [benchmarks/results/x/results.md]")
        .contains("`bin/bench --size 4g --runs 5`", "| 0.500 s | yes |").endsWith("<!-- benchmarks:end -->\nrest\n")
        .doesNotContain("old");
  }

  @Test
  void badArgumentsSayWhatIsAllowed() {
    assertThatThrownBy(() -> new BenchOptions(new String[] {"--cases", "gunzip,nope"}, temp))
        .hasMessageContaining("unknown case 'nope'").hasMessageContaining("fastq-scan");
    assertThatThrownBy(() -> new BenchOptions(new String[] {"--size", "3x"}, temp)).hasMessageContaining("1g, 4g, 16g");
    assertThatThrownBy(() -> new BenchOptions(new String[] {"--runs", "0"}, temp)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new BenchOptions(new String[] {"--fast"}, temp)).hasMessageContaining("usage: bin/bench");
    BenchOptions smoke = new BenchOptions(new String[] {"--smoke", "--runs", "5"}, temp);
    assertThat(smoke.runs).isEqualTo(1);
    assertThat(smoke.command()).isEqualTo("bin/bench --smoke");
    assertThat(new BenchOptions(new String[] {"--size", "16g"}, temp).size).isEqualTo(16L << 30);
  }
}
