package io.dataplug.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job end to end on the bundled real sample, as the README's first command runs it. */
class DataplugCliTest {
  static final Path SAMPLE = Path.of("../testdata/fastq/ERR127302_1_subset.fastq.gz");
  @TempDir Path temp;

  String run(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = new DataplugCli(new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    assertThat(status).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void demoIndexesPlansScansAndConverts() throws Exception {
    String out = run("demo", "--out", temp.resolve("demo").toString());
    assertThat(out).contains("20,000 records").contains("checkpoints (span 256k)");
    assertThat(out).contains("110,000 points in 3 chunks").contains("keeping the points of tile group 0 (")
        .contains("{\"records\":110000,");
    Matcher scan = Pattern.compile("\\{\"records\":(\\d+),\"checksum\":-?\\d+,\"partitions\":(\\d+),\"perPartition\":\\[([\\d,]+)]").matcher(out);
    assertThat(scan.find()).as(out).isTrue();
    assertThat(Long.parseLong(scan.group(1))).isEqualTo(20_000);
    assertThat(Integer.parseInt(scan.group(2))).isGreaterThan(2);
    long sum = 0;
    for (String n : scan.group(3).split(",")) {
      sum += Long.parseLong(n);
    }
    assertThat(sum).isEqualTo(20_000);
    assertThat(out).contains("{\"records\":20000,\"format\":\"parquet\"");
    assertThat(Files.list(temp.resolve("demo/parquet")).anyMatch(p -> p.toString().endsWith(".parquet"))).isTrue();
  }

  @Test
  void indexOnThreadsInParallelChunksHoldsWhatOnePassHolds() throws Exception {
    Path file = Files.copy(SAMPLE, temp.resolve("p.fastq.gz"));
    // Named: on three threads auto builds in one pass where ISA-L decodes it (chunks pay from five).
    String parallel = run("index", file.toString(), "--threads", "3", "--index-build", "parallel", "--checkpoint-span",
        "64k", "--index", "rebuild");
    String sequential = run("index", file.toString(), "--threads", "1", "--checkpoint-span", "64k", "--index",
        "rebuild");
    assertThat(parallel).contains("20,000 records");
    assertThat(sequential).contains("20,000 records");
    // One checkpoint per chunk of 64 KiB of compressed bytes (half a span, at least 64 KiB), where one pass takes
    // one per 64 KiB of output.
    long chunks = (Files.size(file) + 65535) / 65536;
    assertThat(checkpoints(parallel)).isBetween(2, (int) chunks).isNotEqualTo(checkpoints(sequential));
    assertThatThrownBy(() -> run("index", file.toString(), "--threads", "0")).hasMessageContaining("--threads");
  }

  private static int checkpoints(String out) {
    Matcher m = Pattern.compile("([\\d,]+) checkpoints").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return Integer.parseInt(m.group(1).replace(",", ""));
  }

  @Test
  void planByPartitionCount() throws Exception {
    Path file = Files.copy(SAMPLE, temp.resolve("s.fastq.gz"));
    String out = run("plan", file.toString(), "--partitions", "3", "--checkpoint-span", "64k");
    assertThat(out).startsWith("3 partitions").contains("records 0..").contains("resumes at bit");
  }

  @Test
  void lazFilesAreIndexedAndPlannedByTheirChunks() throws Exception {
    Path file = Files.copy(Path.of("../testdata/laz/autzen_trim.laz"), temp.resolve("autzen_trim.laz"));
    String index = run("index", file.toString());
    assertThat(index).contains("110,000 points in 3 chunks").contains(".autzen_trim.laz.dpidx");
    assertThat(temp.resolve(".autzen_trim.laz.dpidx")).exists();
    String plan = run("plan", file.toString(), "--split-size", "300k");
    assertThat(plan).startsWith("2 partitions").contains("chunk 0 (50000 points").contains("3 of 3 blocks/chunks");
    String tiles = run("plan", file.toString(), "--tile-size", "300");
    assertThat(tiles).contains("keeping the points of tile group 0 (").contains("decode amplification 1.000");
  }

  @Test
  void anyGzipFileIsIndexedAtItsLinesAndExportedForPythonTools() throws Exception {
    StringBuilder csv = new StringBuilder("id,value\n");
    for (int i = 0; i < 200_000; i++) {
      csv.append(i).append(',').append(i * 7919L % 100_003).append('\n');
    }
    Path file = temp.resolve("table.csv.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(csv.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    String out = run("index", "--format", "text", "--checkpoint-span", "64k", "--export", "gztool", file.toString());
    assertThat(out).contains("codec gzip, 200,001 lines").contains("exported as gztool: ")
        .contains("table.csv.gzi (");
    String gzidx = run("index", "--format", "text", "--export", "gzidx", file.toString());
    assertThat(gzidx).contains("exported as gzidx: ").contains("table.csv.gz.gzidx (");
    byte[] head = Files.readAllBytes(temp.resolve("table.csv.gzi"));
    assertThat(new String(head, 8, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("gzipindx");
    assertThat(Files.readAllBytes(temp.resolve("table.csv.gz.gzidx"))).startsWith("GZIDX".getBytes());
    assertThatThrownBy(() -> run("index", "--format", "text", "--export", "zran", file.toString()))
        .hasMessageContaining("zran").hasMessageContaining("gztool or gzidx");
    assertThatThrownBy(() -> run("index", "--format", "text", "--split-size", "1m", file.toString()))
        .hasMessageContaining("--split-size").hasMessageContaining("--checkpoint-span");
  }

  @Test
  void badArgumentsAreRejectedWithTheirName() {
    assertThatThrownBy(() -> run("frobnicate", "x")).hasMessageContaining("frobnicate");
    assertThatThrownBy(() -> run("plan", "x", "--bogus", "1")).hasMessageContaining("--bogus");
    assertThatThrownBy(() -> run("scan")).hasMessageContaining("needs at least one PATH");
    assertThatThrownBy(() -> run("convert", SAMPLE.toString(), "--to", "xml", "--out", "o")).hasMessageContaining("xml");
  }
}
