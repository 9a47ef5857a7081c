package io.dataplug.bench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.sum;

import io.dataplug.formats.storage.BlobStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The genomics cases (opt-in: {@code --cases vcf,fasta}): a generated multi-sample VCF (BGZF with its .tbi, and
 * plain gzip) read by this project, by {@code spark.read.text} and by cyvcf2, with one workload for all (sites only:
 * count and mean QUAL per contig; genotypes: non-reference calls per sample) and a 1 Mb region; a generated reference
 * FASTA (plain gzip, and BGZF with .fai and .gzi) scanned by this project and by {@code spark.read.text}, and a 1 Mb
 * region against {@code samtools faidx}. Every tool's totals are checked against the others before a number is kept.
 */
final class Genomics {
  static final int SAMPLES = 500;
  private static final long SEED = 20261202L;
  private static final List<String> CONTIGS = List.of("chr1", "chr2", "chr3");
  private static final long REGION_START = 10_000_000;
  private static final long REGION_LENGTH = 1_000_000;

  private final BenchOptions options;
  private final Sparks sparks;
  private final Python python;
  private final Path work;

  Genomics(BenchOptions options, Sparks sparks, Python python, Path work) {
    this.options = options;
    this.sparks = sparks;
    this.python = python;
    this.work = work;
  }

  // ---- VCF ------------------------------------------------------------------------------------------------------

  /** Uncompressed VCF bytes: half of --size (512 MiB at 1g), 4 MiB in smoke mode. */
  private long vcfBytes() {
    return options.smoke ? 4L << 20 : options.size / 2;
  }

  /**
   * Writes the VCF: {@link #SAMPLES} samples, GT:DP, three contigs with a variant every 50 to 150 bases, calls
   * 80% 0|0, 10% 0|1, 5% 1|0, 5% 1|1 (no missing calls, so every tool counts non-reference calls alike).
   */
  /** The last position written on chr2 (the region query takes 1 Mb around its middle). */
  private static long lastChr2Position;

  static long writeVcf(Path file, long targetBytes) throws IOException {
    Random random = new Random(SEED);
    long records = 0;
    long written = 0;
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      StringBuilder header = new StringBuilder("##fileformat=VCFv4.2\n");
      for (String contig : CONTIGS) {
        header.append("##contig=<ID=").append(contig).append(",length=250000000>\n");
      }
      header.append("##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Total depth\">\n")
          .append("##INFO=<ID=AF,Number=A,Type=Float,Description=\"Allele frequency\">\n")
          .append("##FORMAT=<ID=GT,Number=1,Type=String,Description=\"Genotype\">\n")
          .append("##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Read depth\">\n")
          .append("#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT");
      for (int s = 0; s < SAMPLES; s++) {
        header.append("\tS").append(s);
      }
      header.append('\n');
      byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
      out.write(h);
      written += h.length;
      String[] genotypes = {"0|1", "1|0", "1|1"};
      long perContig = targetBytes / CONTIGS.size();
      StringBuilder line = new StringBuilder(SAMPLES * 8 + 200);
      for (String contig : CONTIGS) {
        long position = 1000;
        long contigStart = written;
        while (written - contigStart < perContig) {
          position += 50 + random.nextInt(100);
          line.setLength(0);
          line.append(contig).append('\t').append(position).append("\trs").append(records).append('\t')
              .append("ACGT".charAt(random.nextInt(4))).append('\t').append("ACGT".charAt(random.nextInt(4)))
              .append('\t').append(random.nextInt(1000) / 10.0).append("\tPASS\tDP=").append(random.nextInt(5000))
              .append(";AF=").append(random.nextInt(1000) / 1000.0).append("\tGT:DP");
          for (int s = 0; s < SAMPLES; s++) {
            int r = random.nextInt(20);
            line.append('\t').append(r < 16 ? "0|0" : genotypes[Math.min(2, (r - 16) / 2 + (r == 19 ? 1 : 0))])
                .append(':').append(random.nextInt(60));
          }
          line.append('\n');
          byte[] b = line.toString().getBytes(StandardCharsets.US_ASCII);
          out.write(b);
          written += b.length;
          records++;
        }
        if (contig.equals("chr2")) {
          lastChr2Position = position;
        }
      }
    }
    return records;
  }

  /** Sites only: records, and the sum over contigs of count x mean QUAL (= the sum of QUAL). */
  static double[] dataplugSites(SparkSession spark, Path file) {
    List<Row> rows = spark.read().format("dataplug-vcf").load(file.toString())
        .groupBy("contigName").agg(count(lit(1)), avg(col("qual"))).collectAsList();
    return sites(rows);
  }

  static double[] textSites(SparkSession spark, Path file) {
    Dataset<Row> lines = spark.read().text(file.toString()).where("not startswith(value, '#')")
        .selectExpr("split(value, '\\t', 7) as f");
    List<Row> rows = lines.selectExpr("f[0] as contig", "cast(f[5] as double) as qual")
        .groupBy("contig").agg(count(lit(1)), avg(col("qual"))).collectAsList();
    return sites(rows);
  }

  private static double[] sites(List<Row> rows) {
    double records = 0;
    double qual = 0;
    for (Row r : rows) {
      records += r.getLong(1);
      qual += r.getLong(1) * r.getDouble(2);
    }
    return new double[] {records, qual};
  }

  /**
   * Genotypes: non-reference calls per sample (then summed to check the tools agree), in the form Spark runs
   * fastest for both readers: the calls exploded with their sample position and filtered by generated code (no
   * lambda, which Spark 3.5 interprets per element).
   */
  static long dataplugNonReference(SparkSession spark, Path file) {
    List<Row> rows = spark.read().format("dataplug-vcf").option("includeSampleIds", "false").load(file.toString())
        .selectExpr("posexplode(genotypes) as (sample, g)").where("array_max(g.calls) > 0")
        .groupBy("sample").count().collectAsList();
    return rows.stream().mapToLong(r -> r.getLong(1)).sum();
  }

  static long textNonReference(SparkSession spark, Path file) {
    List<Row> rows = spark.read().text(file.toString()).where("not startswith(value, '#')")
        .selectExpr("posexplode(slice(split(value, '\\t'), 10, " + SAMPLES + ")) as (sample, call)")
        .where("substring_index(call, ':', 1) rlike '[1-9]'").groupBy("sample").count().collectAsList();
    return rows.stream().mapToLong(r -> r.getLong(1)).sum();
  }

  static long dataplugRegion(SparkSession spark, Path file, long from, long to) {
    return spark.read().format("dataplug-vcf").load(file.toString())
        .where(col("contigName").equalTo("chr2").and(col("start").lt(to)).and(col("end").gt(from)))
        .count();
  }

  private long vcfRecords;
  private Path vcfGzip;

  /** Generates the VCF once: BGZF with its .tbi (returned) and the same as plain gzip beside it. */
  Path vcfInput() throws Exception {
    Path dir = Files.createDirectories(work.resolve("vcf"));
    Path text = dir.resolve("calls.vcf");
    vcfRecords = writeVcf(text, vcfBytes());
    Path bgzf = dir.resolve("calls.bgzf.vcf.gz");
    python.run("bgzip_index.py", List.of(text.toString(), bgzf.toString(), "vcf"));
    vcfGzip = dir.resolve("calls.gzip.vcf.gz");
    Commands.counted(List.of("bash", "-c", "pigz -6 -c " + text + " > " + vcfGzip));
    Files.delete(text);
    return bgzf;
  }

  private void vcfLabel(Suite.CaseRun c, Path bgzf) throws IOException {
    c.input(String.format("VCF %d samples %,d records (BGZF; plain gzip %d MiB)", SAMPLES, vcfRecords,
        Files.size(vcfGzip) >> 20), Files.size(bgzf));
  }

  /** Sites only (count and mean QUAL per contig): this project on 1 and 2 cores, spark.read.text, cyvcf2. */
  void vcfSites(Suite.CaseRun c, Path bgzf) throws Exception {
    vcfLabel(c, bgzf);
    for (int cores : List.of(1, 2)) {
      SparkSession spark = sparks.local(cores);
      dataplugSites(spark, bgzf);
      dataplugSites(spark, vcfGzip);
      textSites(spark, bgzf);
      for (int run = 1; run <= options.runs; run++) {
        for (Path file : List.of(bgzf, vcfGzip)) {
          String tool = "dataplug " + (file == bgzf ? "BGZF" : "gzip");
          double[][] sites = new double[1][];
          c.seconds(run, tool, cores, () -> sites[0] = dataplugSites(spark, file));
          expect(sites[0][0], vcfRecords, tool);
        }
        if (cores == 2) {
          double[][] sites = new double[1][];
          c.seconds(run, "spark.read.text", 2, () -> sites[0] = textSites(spark, bgzf));
          expect(sites[0][0], vcfRecords, "spark.read.text");
        }
      }
    }
    for (int run = 1; run <= options.runs; run++) {
      Map<String, Double> r = python.run("cyvcf2_vcf.py", List.of(bgzf.toString(), "sites"));
      expect(r.get("records"), vcfRecords, "cyvcf2");
      c.value(run, "cyvcf2", 1, "seconds", "s", r.get("seconds"));
    }
  }

  /** Genotypes (non-reference calls per sample): the same tools; all must count the same calls. */
  void vcfGenotypes(Suite.CaseRun c, Path bgzf) throws Exception {
    vcfLabel(c, bgzf);
    java.util.Set<Long> counts = new java.util.TreeSet<>();
    for (int cores : List.of(1, 2)) {
      SparkSession spark = sparks.local(cores);
      dataplugNonReference(spark, bgzf);
      for (int run = 1; run <= options.runs; run++) {
        for (Path file : List.of(bgzf, vcfGzip)) {
          long[] calls = new long[1];
          c.seconds(run, "dataplug " + (file == bgzf ? "BGZF" : "gzip"), cores,
              () -> calls[0] = dataplugNonReference(spark, file));
          counts.add(calls[0]);
        }
        if (cores == 2) {
          long[] calls = new long[1];
          c.seconds(run, "spark.read.text", 2, () -> calls[0] = textNonReference(spark, bgzf));
          counts.add(calls[0]);
        }
      }
    }
    for (int run = 1; run <= options.runs; run++) {
      Map<String, Double> r = python.run("cyvcf2_vcf.py", List.of(bgzf.toString(), "genotypes"));
      expect(r.get("records"), vcfRecords, "cyvcf2");
      c.value(run, "cyvcf2", 1, "seconds", "s", r.get("seconds"));
      counts.add(r.get("non_reference").longValue());
    }
    if (counts.size() != 1) {
      throw new IllegalStateException("the tools counted different non-reference calls: " + counts);
    }
    c.value(1, "dataplug BGZF", 2, "non_reference_calls", "calls", counts.iterator().next());
  }

  /** A 1 Mb region of the BGZF file: this project (bytes read counted) against cyvcf2 through the .tbi. */
  void vcfRegion(Suite.CaseRun c, Path bgzf) throws Exception {
    vcfLabel(c, bgzf);
    long from = Math.max(0, lastChr2Position / 2 - REGION_LENGTH / 2);
    long to = from + REGION_LENGTH;
    String region = "chr2:" + (from + 1) + "-" + to;
    SparkSession spark = sparks.local(2);
    dataplugRegion(spark, bgzf, from, to);
    for (int run = 1; run <= options.runs; run++) {
      long before = BlobStore.readsSoFar().bytes();
      long[] records = new long[1];
      c.seconds(run, "dataplug", 2, () -> records[0] = dataplugRegion(spark, bgzf, from, to));
      c.value(run, "dataplug", 2, "bytes_read", "bytes", BlobStore.readsSoFar().bytes() - before);
      Map<String, Double> r = python.run("cyvcf2_vcf.py", List.of(bgzf.toString(), "region", region));
      c.value(run, "cyvcf2 (tabix)", 1, "seconds", "s", r.get("seconds"));
      if (r.get("records").longValue() != records[0]) {
        throw new IllegalStateException("region " + region + ": dataplug read " + records[0] + " records, cyvcf2 "
            + r.get("records").longValue());
      }
      c.value(run, "dataplug", 2, "records", "records", records[0]);
    }
  }

  private static void expect(double got, long want, String tool) {
    if ((long) got != want) {
      throw new IllegalStateException(tool + " read " + (long) got + " records, the generator wrote " + want);
    }
  }

  // ---- FASTA ----------------------------------------------------------------------------------------------------

  /** Reference bases: --size (1 GiB at 1g), 8 MiB in smoke mode, in 8 contigs of 60-base lines. */
  private long fastaBases() {
    return options.smoke ? 8L << 20 : options.size;
  }

  /** Random bases with soft-masked (lower-case) runs and runs of N, 60 per line. */
  static void writeFasta(Path file, long bases) throws IOException {
    Random random = new Random(SEED + 1);
    int contigs = 8;
    byte[] line = new byte[61];
    line[60] = '\n';
    // Sixteen symbols, four random bits each: sixteen bases per random long.
    byte[] alphabet = "ACGTACGTACGTacgN".getBytes(StandardCharsets.US_ASCII);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      for (int k = 0; k < contigs; k++) {
        out.write((">chr" + (k + 1) + " generated contig " + (k + 1) + "\n").getBytes(StandardCharsets.US_ASCII));
        long length = bases / contigs;
        for (long done = 0; done < length; done += 60) {
          int n = (int) Math.min(60, length - done);
          long bits = 0;
          for (int i = 0; i < n; i++) {
            if ((i & 15) == 0) {
              bits = random.nextLong();
            }
            line[i] = alphabet[(int) (bits & 15)];
            bits >>>= 4;
          }
          if (n == 60) {
            out.write(line);
          } else {
            out.write(line, 0, n);
            out.write('\n');
          }
        }
      }
    }
  }

  static long[] dataplugBases(SparkSession spark, Path file) {
    Row r = spark.read().format("dataplug-fasta").load(file.toString())
        .agg(count(lit(1)), sum(octet_length(col("sequence")))).first();
    return new long[] {r.getLong(0), r.getLong(1)};
  }

  static long textBases(SparkSession spark, Path file) {
    Row r = spark.read().text(file.toString()).where("not startswith(value, '>')")
        .agg(sum(octet_length(col("value")))).first();
    return r.getLong(0);
  }

  static long dataplugRegionBases(SparkSession spark, Path file, long from, long to) {
    List<Row> pieces = spark.read().format("dataplug-fasta").load(file.toString())
        .where(col("contigName").equalTo("chr2").and(col("start").lt(to)).and(col("end").gt(from)))
        .select("start", "sequence").collectAsList();
    long bases = 0;
    for (Row p : pieces) {
      bases += p.getString(1).length();
    }
    return bases;
  }

  private long fastaBases;
  private Path fastaBgzf;

  /** Generates the reference once: plain gzip (returned) and BGZF with its .fai and .gzi beside it. */
  Path fastaInput() throws Exception {
    Path dir = Files.createDirectories(work.resolve("fasta"));
    Path text = dir.resolve("reference.fa");
    fastaBases = fastaBases();
    writeFasta(text, fastaBases);
    Path gzip = dir.resolve("reference.gzip.fa.gz");
    Commands.counted(List.of("bash", "-c", "pigz -6 -c " + text + " > " + gzip));
    fastaBgzf = dir.resolve("reference.bgzf.fa.gz");
    python.run("bgzip_index.py", List.of(text.toString(), fastaBgzf.toString(), "fasta"));
    Files.delete(text);
    return gzip;
  }

  /** Every base, from plain gzip and from BGZF: this project (the first read builds the gzip index) and spark.read.text. */
  void fastaScan(Suite.CaseRun c, Path gzip) throws Exception {
    c.input(String.format("FASTA %,d bases in 8 contigs (plain gzip; BGZF %d MiB)", fastaBases,
        Files.size(fastaBgzf) >> 20), Files.size(gzip));
    SparkSession spark = sparks.local(2);
    long[] first = new long[1];
    c.seconds(1, "dataplug first read gzip (builds its index)", 2, () -> first[0] = dataplugBases(spark, gzip)[1]);
    expect(first[0], fastaBases, "dataplug");
    dataplugBases(spark, fastaBgzf);
    textBases(spark, gzip);
    for (int run = 1; run <= options.runs; run++) {
      for (Path file : List.of(gzip, fastaBgzf)) {
        String kind = file == gzip ? "gzip" : "BGZF";
        long[] scanned = new long[1];
        c.seconds(run, "dataplug " + kind, 2, () -> scanned[0] = dataplugBases(spark, file)[1]);
        expect(scanned[0], fastaBases, "dataplug " + kind);
        c.seconds(run, "spark.read.text " + kind, 2, () -> scanned[0] = textBases(spark, file));
        expect(scanned[0], fastaBases, "spark.read.text " + kind);
      }
    }
  }

  /** A 1 Mb region of the BGZF reference: this project (bytes read counted) against samtools faidx. */
  void fastaRegion(Suite.CaseRun c, Path gzip) throws Exception {
    c.input(String.format("FASTA %,d bases in 8 contigs (BGZF with .fai and .gzi)", fastaBases),
        Files.size(fastaBgzf));
    long regionEnd = Math.min(REGION_START + REGION_LENGTH, fastaBases / 8);
    long regionStart = Math.max(0, Math.min(REGION_START, regionEnd - REGION_LENGTH));
    String region = "chr2:" + (regionStart + 1) + "-" + regionEnd;
    SparkSession spark = sparks.local(2);
    dataplugRegionBases(spark, fastaBgzf, regionStart, regionEnd);
    for (int run = 1; run <= options.runs; run++) {
      long before = BlobStore.readsSoFar().bytes();
      long[] bases = new long[1];
      c.seconds(run, "dataplug", 2, () -> bases[0] = dataplugRegionBases(spark, fastaBgzf, regionStart, regionEnd));
      c.value(run, "dataplug", 2, "bytes_read", "bytes", BlobStore.readsSoFar().bytes() - before);
      long[] printed = new long[1];
      c.seconds(run, "samtools faidx", 1, () -> printed[0] = Commands.counted(
          List.of("samtools", "faidx", fastaBgzf.toString(), region)).stdoutBytes());
      if (bases[0] < regionEnd - regionStart || printed[0] < regionEnd - regionStart) {
        throw new IllegalStateException("region " + region + ": dataplug read " + bases[0] + " bases, samtools"
            + " printed " + printed[0] + " bytes");
      }
    }
  }
}
