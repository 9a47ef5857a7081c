package io.dataplug.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a results.csv into results.md: the machine, the command, the targets as measured ratios (met or not), and
 * per case the median, min and max of every tool with its ratio to the case's baseline; then the PNG plots.
 */
final class Report {
  /** One tool's measurements of one metric in one case, on one input and core count. */
  record Series(String caseId, String tool, String metric, String unit, String input, long inputBytes, int cores,
      double[] values) {
    double median() {
      double[] v = values.clone();
      Arrays.sort(v);
      return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    double min() {
      return Arrays.stream(values).min().orElse(Double.NaN);
    }

    double max() {
      return Arrays.stream(values).max().orElse(Double.NaN);
    }
  }

  /** A goal of the benchmarks issue: what is compared and the limit, as a ratio or a value. */
  record Target(String name, String goal, double measured, boolean met, String how) {}

  private final List<Series> series;

  Report(List<Results.Row> rows) {
    Map<String, List<Results.Row>> grouped = new LinkedHashMap<>();
    for (Results.Row r : rows) {
      String key = String.join("|", r.caseId(), r.tool(), r.metric(), r.input(), Integer.toString(r.cores()));
      grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    series = new ArrayList<>();
    for (List<Results.Row> g : grouped.values()) {
      Results.Row first = g.get(0);
      series.add(new Series(first.caseId(), first.tool(), first.metric(), first.unit(), first.input(),
          first.inputBytes(), first.cores(), g.stream().mapToDouble(Results.Row::value).toArray()));
    }
  }

  List<Series> series() {
    return series;
  }

  Series find(String caseId, String tool, String metric, int cores) {
    for (Series s : series) {
      if (s.caseId.equals(caseId) && s.tool.equals(tool) && s.metric.equals(metric) && (cores < 0 || s.cores == cores)) {
        return s;
      }
    }
    return null;
  }

  /** The series of {@code tool} on the same case, input and cores as {@code s}. */
  private Series sameInput(Series s, String tool) {
    for (Series b : series) {
      if (b.caseId.equals(s.caseId) && b.tool.equals(tool) && b.input.equals(s.input) && b.cores == s.cores
          && b.metric.equals(s.metric)) {
        return b;
      }
    }
    return null;
  }

  List<Target> targets() {
    List<Target> out = new ArrayList<>();
    Series text = find("fastq-scan", "spark.read.text", "seconds", 2);
    Series ours = find("fastq-scan", "dataplug", "seconds", 2);
    if (text != null && ours != null) {
      double speedup = text.median() / ours.median();
      // 1.8x until the gzip-speed issue raised it.
      out.add(new Target("FASTQ.gz scan vs Spark's reader (spark.read.text), 2 cores", ">= 3x faster", speedup,
          speedup >= 3, "speed-up"));
    }
    Series rapid = find("gunzip", "rapidgzip -P 2 with index --count-lines", "seconds", 2);
    if (rapid != null && ours != null) {
      double ratio = ours.median() / rapid.median();
      out.add(new Target("FASTQ.gz scan vs rapidgzip -P 2 with its index counting lines, 2 cores", "<= 1.3x its time",
          ratio, ratio <= 1.3, "time ratio"));
    }
    Series jdkInflate = find("gunzip", "dataplug jdk inflate (1 thread)", "seconds", 1);
    Series javaInflate = find("gunzip", "dataplug java inflate (1 thread)", "seconds", 1);
    Series isalInflate = find("gunzip", "dataplug isal inflate (1 thread)", "seconds", 1);
    // The engine auto picks with native libraries: ISA-L where the run measured it, else libdeflate.
    String autoEngine = isalInflate != null ? "isal" : "libdeflate";
    Series autoInflate = isalInflate != null ? isalInflate
        : find("gunzip", "dataplug libdeflate inflate (1 thread)", "seconds", 1);
    Series igzip = find("gunzip", "igzip -dc > /dev/null", "seconds", 1);
    if (jdkInflate != null && javaInflate != null) {
      double speedup = jdkInflate.median() / javaInflate.median();
      out.add(new Target("Inflate per core without native libraries (java engine) vs the JDK's zlib", ">= 1.8x faster",
          speedup, speedup >= 1.8, "speed-up"));
    }
    if (autoInflate != null && igzip != null) {
      double speedup = igzip.median() / autoInflate.median();
      out.add(new Target("Inflate per core with native libraries (" + autoEngine + " engine) vs igzip to /dev/null",
          ">= 0.9x its speed", speedup, speedup >= 0.9, "speed-up"));
    }
    Series python = find("python-dataplug", "python dataplug", "seconds", 2);
    Series oursS3 = find("python-dataplug", "dataplug", "seconds", 2);
    if (python != null && oursS3 != null) {
      double ratio = oursS3.median() / python.median();
      out.add(new Target("FASTQ.gz read from S3Proxy vs the Python Dataplug, 2 cores", "<= 0.5x its time", ratio,
          ratio <= 0.5, "time ratio"));
    }
    Series build = find("index-build", "dataplug", "seconds", 1);
    Series gunzip = find("gunzip", "gzip -dc > /dev/null", "seconds", 1);
    if (build != null && gunzip != null) {
      double ratio = build.median() / gunzip.median();
      out.add(new Target("Index build (one thread) vs one gzip -dc pass", "<= 1.2x its time", ratio, ratio <= 1.2,
          "time ratio"));
    }
    Series inflater = find("gunzip", "jdk inflater (1 thread)", "seconds", 1);
    if (build != null && inflater != null) {
      double ratio = build.median() / inflater.median();
      out.add(new Target("Index build (one thread) vs one pass of the JDK's zlib Inflater (a faster floor than gzip)",
          "<= 1.2x its time", ratio, ratio <= 1.2, "time ratio"));
    }
    if (build != null && autoInflate != null) {
      double ratio = build.median() / autoInflate.median();
      out.add(new Target("Index build (one thread) vs one inflate pass of the engine auto picks (" + autoEngine + ")",
          "<= 1.0x its time", ratio, ratio <= 1.0, "time ratio"));
    }
    Series asRead = find("index-build", Suite.INDEX_AS_READ, "seconds", 2);
    if (asRead != null && autoInflate != null) {
      double ratio = asRead.median() / autoInflate.median();
      out.add(new Target("Index build as a read runs it (" + autoEngine + " decoding, records scanned on a second "
          + "thread) vs one inflate pass of the engine auto picks", "<= 1.0x its time", ratio, ratio <= 1.0,
          "time ratio"));
    }
    Series parallelOne = find("index-build", "dataplug parallel chunks", "seconds", 1);
    Series parallelTwo = find("index-build", "dataplug parallel chunks", "seconds", 2);
    if (parallelTwo != null && autoInflate != null) {
      double ratio = parallelTwo.median() / autoInflate.median();
      out.add(new Target("Index build in parallel chunks (2 threads) vs one inflate pass of the engine auto picks",
          "<= 1.0x its time", ratio, ratio <= 1.0, "time ratio"));
    }
    if (parallelOne != null && parallelTwo != null) {
      double efficiency = parallelOne.median() / (2 * parallelTwo.median());
      out.add(new Target("Index build in parallel chunks: efficiency of 2 threads against 1 (1 = twice as fast)",
          "reported", efficiency, true, "efficiency"));
    }
    Series coldDefault = find("fastq-scan", "dataplug cold (index + scan)", "seconds", 2);
    if (coldDefault != null && text != null) {
      double speedup = text.median() / coldDefault.median();
      out.add(new Target("First read of an unindexed FASTQ.gz (index built as a read builds it on 2 cores, then the "
          + "scan) vs spark.read.text, 2 cores", ">= 1.5x faster", speedup, speedup >= 1.5, "speed-up"));
    }
    Series cold = find("fastq-scan", "dataplug cold (index in parallel chunks)", "seconds", 2);
    if (cold != null && text != null) {
      double speedup = text.median() / cold.median();
      out.add(new Target("First read of an unindexed FASTQ.gz (index built in parallel chunks, then the scan) vs "
          + "spark.read.text, 2 cores", ">= 1.5x faster", speedup, speedup >= 1.5, "speed-up"));
    }
    Series size = find("index-build", "dataplug", "index_percent_of_gz", 1);
    if (size != null) {
      out.add(new Target("Index size, % of the .gz", "<= 0.5 %", size.median(), size.median() <= 0.5, "percent"));
    }
    for (String workload : List.of("sites", "genotypes")) {
      String id = "vcf-" + workload;
      Series oneCore = find(id, "dataplug BGZF", "seconds", 1);
      Series cyvcf2 = find(id, "cyvcf2", "seconds", 1);
      if (oneCore != null && cyvcf2 != null) {
        double speedup = cyvcf2.median() / oneCore.median();
        out.add(new Target("VCF " + workload + " per core vs cyvcf2, 1 core each (BGZF)", ">= 1x its speed", speedup,
            speedup >= 1, "speed-up"));
      }
      Series twoCores = find(id, "dataplug BGZF", "seconds", 2);
      Series vcfText = find(id, "spark.read.text", "seconds", 2);
      if (twoCores != null && vcfText != null) {
        double speedup = vcfText.median() / twoCores.median();
        out.add(new Target("VCF " + workload + " vs spark.read.text, 2 cores (BGZF)", ">= 1.5x faster", speedup,
            speedup >= 1.5, "speed-up"));
      }
    }
    for (String kind : List.of("gzip", "BGZF")) {
      Series fasta = find("fasta-scan", "dataplug " + kind, "seconds", 2);
      Series fastaText = find("fasta-scan", "spark.read.text " + kind, "seconds", 2);
      if (fasta != null && fastaText != null) {
        double speedup = fastaText.median() / fasta.median();
        out.add(new Target("FASTA scan vs spark.read.text, 2 cores (" + kind + ")", ">= 1.5x faster", speedup,
            speedup >= 1.5, "speed-up"));
      }
    }
    for (String id : List.of("vcf-region", "fasta-region")) {
      Series region = find(id, "dataplug", "seconds", 2);
      if (region != null) {
        out.add(new Target((id.startsWith("vcf") ? "VCF" : "FASTA") + " 1 Mb region query (BGZF)", "< 1 s",
            region.median(), region.median() < 1, "seconds"));
      }
    }
    for (String[] pair : new String[][] {{"dataplug", "laspy"}, {"dataplug X Y Z", "laspy X Y Z"},
        {"dataplug all dimensions", "laspy all dimensions"}}) {
      Series lidar = find("las-points", pair[0], "seconds", 1);
      Series laspy = find("las-points", pair[1], "seconds", 1);
      if (lidar != null && laspy != null) {
        double speedup = laspy.median() / lidar.median();
        double goal = pair[0].endsWith("X Y Z") ? 2 : 1;
        out.add(new Target("LAS scan per core vs " + pair[1] + ", 1 core each", ">= " + (int) goal + "x its speed",
            speedup, speedup >= goal, "speed-up"));
      }
    }
    Series laz = find("laz-points", "dataplug", "seconds", 1);
    Series lazrs = find("laz-points", "laspy+lazrs", "seconds", 1);
    if (laz != null && lazrs != null) {
      double speedup = lazrs.median() / laz.median();
      out.add(new Target("LAZ scan per core vs laspy+lazrs, 1 core each (point format 3)", ">= 1x its speed", speedup,
          speedup >= 1, "speed-up"));
    }
    Series laz6 = find("laz6-points", "dataplug X Y Z", "seconds", 1);
    Series lazrs6 = find("laz6-points", "laspy+lazrs X Y Z", "seconds", 1);
    if (laz6 != null && lazrs6 != null) {
      double speedup = lazrs6.median() / laz6.median();
      out.add(new Target("LAZ format 6 X, Y, Z per core vs laspy+lazrs, 1 core each", ">= 1.5x its speed", speedup,
          speedup >= 1.5, "speed-up"));
    }
    Series las6 = find("las6-points", "dataplug", "seconds", 1);
    Series laspy6 = find("las6-points", "laspy", "seconds", 1);
    if (las6 != null && laspy6 != null) {
      double speedup = laspy6.median() / las6.median();
      out.add(new Target("LAS format 6 scan per core vs laspy, 1 core each", ">= 1x its speed", speedup, speedup >= 1,
          "speed-up"));
    }
    Series amplification = find("laz-tiles", "dataplug tiles (bucketing on: no exchange)", "decode_amplification", 2);
    Series partitions = find("laz-tiles", "dataplug tiles (bucketing on: no exchange)", "partitions", 2);
    if (amplification != null && partitions != null) {
      out.add(new Target("LAZ tiles of a tenth of the survey's width: points decoded per point returned ("
          + (long) partitions.median() + " partitions on 2 cores)", "<= 1.2", amplification.median(),
          amplification.median() <= 1.2, "ratio"));
    }
    Series exchanges = find("laz-tiles", "dataplug tiles (bucketing on: no exchange)", "exchanges", 2);
    if (exchanges != null) {
      out.add(new Target("LAZ tiles: exchanges in groupBy(tileGroup, tileX, tileY) with v2 bucketing enabled", "0",
          exchanges.median(), exchanges.median() == 0, "count"));
    }
    for (int cores : List.of(1, 2)) {
      Series cog = find("cog-scan", "dataplug", "seconds", cores);
      Series rasterio = find("cog-scan", "rasterio", "seconds", cores);
      if (cog != null && rasterio != null) {
        double speedup = rasterio.median() / cog.median();
        out.add(new Target("COG scan vs rasterio, " + cores + (cores == 1 ? " core and process" : " cores and processes"),
            ">= 1x its speed", speedup, speedup >= 1, "speed-up"));
      }
    }
    Series boxRead = find("cog-box", "dataplug", "percent_of_file_read", 2);
    if (boxRead != null) {
      out.add(new Target("COG box of 7 % of the area: % of the file read", "< 12 %", boxRead.median(),
          boxRead.median() < 12, "percent"));
    }
    Series imzml = find("imzml-scan", "dataplug", "seconds", 1);
    Series pyimzml = find("imzml-scan", "pyimzML", "seconds", 1);
    if (imzml != null && pyimzml != null) {
      double speedup = pyimzml.median() / imzml.median();
      out.add(new Target("imzML scan per core vs pyimzML, 1 core each", ">= 1x its speed", speedup, speedup >= 1,
          "speed-up"));
    }
    for (String codec : List.of("zlib", "blosc-lz4")) {
      Series chunks = find("zarr-scan", "dataplug chunks " + codec, "seconds", 1);
      Series zarrPython = chunks == null ? null : sameInput(chunks, Cubes.zarrPython(1));
      if (zarrPython != null) {
        double speedup = zarrPython.median() / chunks.median();
        out.add(new Target("Zarr scan per core (layout chunks) vs zarr-python, 1 core each (" + codec + ")",
            ">= 1x its speed", speedup, speedup >= 1, "speed-up"));
      }
    }
    Series kerchunk = find("kerchunk-scan", "dataplug-kerchunk chunks", "seconds", 1);
    Series xarrayRefs = find("kerchunk-scan", Cubes.onCores("xarray kerchunk", 1), "seconds", 1);
    if (kerchunk != null && xarrayRefs != null) {
      double speedup = xarrayRefs.median() / kerchunk.median();
      out.add(new Target("NetCDF4 scan through Kerchunk references per core vs xarray over them, 1 core each",
          ">= 1x its speed", speedup, speedup >= 1, "speed-up"));
    }
    Series csvAlone = find("gzip-csv", "spark.read.csv", "seconds", 2);
    Series csvCodec = find("gzip-csv", "spark.read.csv + dataplug codec", "seconds", 2);
    if (csvAlone != null && csvCodec != null) {
      double speedup = csvAlone.median() / csvCodec.median();
      out.add(new Target("CSV.gz read with the codec vs spark.read.csv alone, 2 cores", ">= 1.8x faster", speedup,
          speedup >= 1.8, "speed-up"));
      double slowest = 0;
      for (int splits : List.of(2, 8, 32)) {
        Series theirs = find("gzip-csv", "spark.read.csv + splittablegzip (" + splits + " splits)", "seconds", 2);
        if (theirs != null) {
          slowest = Math.max(slowest, csvCodec.median() / theirs.median());
        }
      }
      out.add(new Target("CSV.gz read with the codec vs splittablegzip, worst of 2, 8 and 32 splits, 2 cores",
          "< 1x its time", slowest, slowest < 1, "time ratio"));
    }
    Series count = find("fastq-scan", "dataplug count()", "seconds", 2);
    if (count != null) {
      out.add(new Target("count() of the FASTQ.gz from its index (" + (count.inputBytes >> 20) + " MiB)", "< 1 s",
          count.median(), count.median() < 1, "seconds"));
    }
    return out;
  }

  /** Writes results.md (and the plots beside it); returns the Markdown. */
  String write(Path dir, BenchOptions options, List<String> machine, List<String> plots) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark results: ").append(options.name).append("\n\n");
    md.append("Made by `").append(options.command()).append("` (from the project root). Every number is the median of ")
        .append(options.runs).append(options.runs == 1 ? " run" : " runs")
        .append(" (min and max beside it), tools interleaved run by run on the same file and cores; ratios compare medians.\n\n");
    md.append("Machine:\n");
    for (String line : machine) {
      md.append("- ").append(line).append('\n');
    }
    md.append("\n## Targets (goals to report, measured in this run)\n\n");
    md.append(targetsTable());
    md.append("\n## All measurements\n");
    String currentCase = null;
    for (Series s : series) {
      if (!s.caseId.equals(currentCase)) {
        currentCase = s.caseId;
        md.append("\n### ").append(s.caseId);
        String baseline = Suite.BASELINES.get(s.caseId);
        md.append(baseline != null ? " (ratio: " + baseline + "'s time / the tool's time)" : "").append("\n\n");
        md.append("| tool | cores | input | metric | median | min | max | runs | ratio |\n");
        md.append("|---|---:|---|---|---:|---:|---:|---:|---:|\n");
      }
      md.append(String.format(Locale.ROOT, "| %s | %d | %s (%s) | %s (%s) | %s | %s | %s | %d | %s |%n", s.tool, s.cores,
          s.input, mib(s.inputBytes), s.metric, s.unit, num(s.median()), num(s.min()), num(s.max()), s.values.length,
          ratio(s)));
    }
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      List<String> profiles = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("profile-"))
          .sorted().toList();
      if (!profiles.isEmpty()) {
        md.append("\n## Where the time goes\n\nMethod-sampling profiles of one warm run each: ");
        md.append(String.join(", ", profiles.stream().map(p -> "[" + p + "](" + p + ")").toList())).append(".\n");
      }
    }
    if (!plots.isEmpty()) {
      md.append("\n## Plots\n\n");
      for (String plot : plots) {
        md.append("![").append(plot).append("](").append(plot).append(")\n");
      }
    }
    Files.writeString(dir.resolve("results.md"), md.toString());
    return md.toString();
  }

  String targetsTable() {
    StringBuilder md = new StringBuilder("| target | goal | measured | met |\n|---|---|---:|---|\n");
    for (Target t : targets()) {
      String value = t.how.equals("speed-up") || t.how.equals("time ratio") ? num(t.measured) + "x"
          : t.how.equals("percent") ? num(t.measured) + " %"
          : t.how.equals("efficiency") || t.how.equals("ratio") || t.how.equals("count") ? num(t.measured)
          : num(t.measured) + " s";
      md.append("| ").append(t.name).append(" | ").append(t.goal).append(" | ").append(value).append(" | ")
          .append(t.met ? "yes" : "no").append(" |\n");
    }
    return md.toString();
  }

  private String ratio(Series s) {
    if (!s.metric.equals("seconds")) {
      return "";
    }
    if (s.caseId.equals("fastq-scaling")) {
      Series one = find(s.caseId, s.tool, "seconds", 1);
      if (one == null) {
        return "";
      }
      double speedup = one.median() / s.median();
      return String.format(Locale.ROOT, "%.2fx (efficiency %.0f %%)", speedup, 100 * speedup / s.cores);
    }
    String baselineTool = Suite.BASELINES.get(s.caseId);
    if (baselineTool == null) {
      return "";
    }
    // The baseline of the same input in this case, else in the case that measured it (index-build: gunzip's).
    Series baseline = null;
    for (Series b : series) {
      if (b.tool.equals(baselineTool) && b.metric.equals("seconds") && b.input.equals(s.input)
          && (baseline == null || b.caseId.equals(s.caseId))) {
        baseline = b;
      }
    }
    return baseline == null ? "" : String.format(Locale.ROOT, "%.2fx", baseline.median() / s.median());
  }

  static String num(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    double a = Math.abs(v);
    if (a >= 1e6) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
  }

  static String mib(long bytes) {
    return bytes >= 1 << 30 ? String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1 << 30))
        : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
  }

  /** Replaces the README's results section (between its two markers) with this run's targets and a link. */
  void updateReadme(Path readme, Path resultDir, BenchOptions options) throws IOException {
    String begin = "<!-- benchmarks:begin -->";
    String end = "<!-- benchmarks:end -->";
    String text = Files.readString(readme);
    int from = text.indexOf(begin);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      return;
    }
    String link = readme.getParent().relativize(resultDir.resolve("results.md")).toString();
    String section = begin + "\nLatest run: [" + link + "](" + link + "), made by `" + options.command() + "`.\n\n"
        + targetsTable() + "\n";
    Files.writeString(readme, text.substring(0, from) + section + text.substring(to));
  }
}
