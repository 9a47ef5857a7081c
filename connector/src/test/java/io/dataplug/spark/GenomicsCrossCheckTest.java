package io.dataplug.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every record of every bundled VCF file, and of a generated VCF 4.4 file (leading phasing, Number=P), read through
 * Spark in splits, agrees with pysam (htslib), an independent implementation run in the project's virtualenv:
 * position, alleles, QUAL, FILTER, ID, every INFO value, and each sample's calls and phasing. Every contig of every
 * bundled FASTA file, joined from its pieces, has the bases pysam reads.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class GenomicsCrossCheckTest {
  static final Path HOME = ExternalTools.HOME;
  static SparkSession spark;

  @TempDir static Path temp;

  @BeforeAll
  static void startSpark() throws Exception {
    spark = TestSpark.session();
    ExternalTools.setUpVenv();
  }

  private static List<JsonNode> pysam(Path file) throws Exception {
    String out = ExternalTools.run(List.of(HOME.resolve("notebooks/.venv/bin/python").toString(),
        HOME.resolve("connector/src/test/python/vcf_rows.py").toString(), file.toString()), 300);
    List<JsonNode> records = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        records.add(json.readTree(line));
      }
    }
    return records;
  }

  /** A generated VCF 4.4 file: explicit leading phasing (section 1.6.2), Number=P, haploid and missing calls. */
  static String vcf44() {
    StringBuilder out = new StringBuilder("""
        ##fileformat=VCFv4.4
        ##contig=<ID=chr1,length=100000>
        ##INFO=<ID=DP,Number=1,Type=Integer,Description="Total depth">
        ##INFO=<ID=AF,Number=A,Type=Float,Description="Allele frequency">
        ##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
        ##FORMAT=<ID=PSL,Number=P,Type=String,Description="Phase set list">
        #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2\tS3
        """);
    String[] genotypes = {"|0|1", "/0/1", "0|1", "|1", "./.", "1/0", "|0/1", "0"};
    java.util.Random random = new java.util.Random(44);
    for (int i = 0; i < 300; i++) {
      out.append("chr1\t").append(100 + i * 37).append("\trs").append(i).append("\tA\tC,G\t")
          .append(random.nextInt(100)).append("\tPASS\tDP=").append(random.nextInt(90)).append(";AF=0.25,0.5\tGT:PSL");
      for (int s = 0; s < 3; s++) {
        String gt = genotypes[random.nextInt(genotypes.length)];
        int ploidy = gt.replaceFirst("^[|/]", "").split("[|/]").length;
        out.append('\t').append(gt).append(':').append(String.join(",", java.util.Collections.nCopies(ploidy, "p" + s)));
      }
      out.append('\n');
    }
    return out.toString();
  }

  @Test
  void everyRecordAgreesWithPysam() throws Exception {
    List<Path> files = new ArrayList<>();
    try (var s = Files.list(HOME.resolve("testdata/vcf"))) {
      s.filter(p -> p.toString().endsWith(".vcf") || p.toString().endsWith(".vcf.gz")).sorted().forEach(files::add);
    }
    Path v44 = temp.resolve("generated.v44.vcf");
    Files.writeString(v44, vcf44(), StandardCharsets.UTF_8);
    files.add(v44);
    assertThat(files).hasSizeGreaterThanOrEqualTo(6);
    for (Path file : files) {
      List<JsonNode> expected = pysam(file);
      // The bundled files are read in place: their indexes go to a scratch folder, not into testdata.
      List<Row> rows = spark.read().format("dataplug-vcf").option("splitSize", "16k").option("checkpointSpan", "16k")
          .option("indexLocation", temp.resolve("indexes").toUri().toString()).load(file.toString()).collectAsList();
      assertThat(rows).as("records of %s", file).hasSize(expected.size());
      for (int i = 0; i < rows.size(); i++) {
        compare(file.getFileName() + " record " + i, rows.get(i), expected.get(i));
      }
    }
  }

  @Test
  void everyFastaContigAgreesWithPysam() throws Exception {
    List<Path> files = new ArrayList<>();
    try (var s = Files.list(HOME.resolve("testdata/fasta"))) {
      s.filter(p -> p.toString().matches(".*\\.(fa|fasta)(\\.gz)?$")).sorted().forEach(files::add);
    }
    assertThat(files).hasSize(4);
    for (Path file : files) {
      String out = ExternalTools.run(List.of(HOME.resolve("notebooks/.venv/bin/python").toString(),
          HOME.resolve("connector/src/test/python/fasta_contigs.py").toString(), file.toString()), 300);
      List<String> expected = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      for (String line : out.split("\n")) {
        if (!line.isBlank()) {
          JsonNode c = json.readTree(line);
          expected.add(c.get("name").asText() + " " + c.get("length").asLong() + " " + c.get("md5").asText());
        }
      }
      // Pieces come in order within each contig; joined, they are the contig.
      List<Row> pieces = spark.read().format("dataplug-fasta").option("pieceLength", "1000").option("splitSize", "16k")
          .option("indexLocation", temp.resolve("indexes").toUri().toString()).load(file.toString())
          .select("contigName", "start", "sequence").collectAsList();
      java.util.Map<String, StringBuilder> contigs = new java.util.LinkedHashMap<>();
      for (Row p : pieces) {
        StringBuilder sequence = contigs.computeIfAbsent(p.getString(0), k -> new StringBuilder());
        assertThat(p.getLong(1)).as("%s %s", file.getFileName(), p.getString(0)).isEqualTo(sequence.length());
        sequence.append(p.getString(2));
      }
      List<String> actual = new ArrayList<>();
      contigs.forEach((name, sequence) -> actual.add(name + " " + sequence.length() + " " + md5(sequence)));
      assertThat(actual).as("%s", file.getFileName()).containsExactlyElementsOf(expected);
    }
  }

  private static String md5(CharSequence text) throws RuntimeException {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("MD5")
          .digest(text.toString().getBytes(StandardCharsets.US_ASCII));
      return String.format("%032x", new java.math.BigInteger(1, digest));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void compare(String where, Row row, JsonNode e) {
    assertThat(row.<String>getAs("contigName")).as(where).isEqualTo(e.get("contigName").asText());
    assertThat(row.<Long>getAs("start")).as(where).isEqualTo(e.get("start").asLong());
    assertThat(row.<Long>getAs("end")).as(where + " end").isEqualTo(e.get("end").asLong());
    assertThat(row.<String>getAs("referenceAllele")).as(where).isEqualTo(e.get("referenceAllele").asText());
    assertThat(strings(row.getList(row.fieldIndex("alternateAlleles")))).as(where)
        .isEqualTo(strings(e.get("alternateAlleles")));
    assertThat(strings(row.getList(row.fieldIndex("names")))).as(where).isEqualTo(strings(e.get("names")));
    assertThat(strings(row.getList(row.fieldIndex("filters")))).as(where).isEqualTo(strings(e.get("filters")));
    Object qual = row.getAs("qual");
    if (e.get("qual").isNull()) {
      assertThat(qual).as(where).isNull();
    } else {
      assertThat((Double) qual).as(where).isCloseTo(e.get("qual").asDouble(), org.assertj.core.api.Assertions.within(1e-4));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = e.get("info").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> info = it.next();
      Object ours = row.getAs("INFO_" + info.getKey());
      if (ours instanceof Boolean && !info.getValue().isBoolean()) {
        // A flag given a value ("DB=0" in all43Features): htslib keeps the text, htsjdk (and this reader) read "0"
        // as false.
        continue;
      }
      // htslib leaves VCF 4.3 percent-encoding (section 1.2) as written; htsjdk and this reader decode it.
      assertThat(values(ours)).as(where + " INFO " + info.getKey())
          .isEqualTo(values(info.getValue()).stream().map(GenomicsCrossCheckTest::percentDecoded).toList());
    }
    List<Row> genotypes = row.getList(row.fieldIndex("genotypes"));
    JsonNode samples = e.get("samples");
    if (samples.isEmpty()) {
      // A line without FORMAT and samples in a file with samples: htslib gives no sample data; this reader gives
      // each sample with its values missing.
      assertThat(genotypes).as(where).allSatisfy(g -> assertThat(g.<Object>getAs("calls")).isNull());
      return;
    }
    assertThat(genotypes).as(where).hasSize(samples.size());
    for (Row g : genotypes) {
      JsonNode s = samples.get(g.<String>getAs("sampleId"));
      String who = where + " sample " + g.getAs("sampleId");
      if (s.get("calls").isNull()) {
        assertThat(g.<Object>getAs("calls")).as(who).isNull();
        continue;
      }
      assertThat(values(g.getList(g.fieldIndex("calls")))).as(who).isEqualTo(values(s.get("calls")));
      if (s.get("calls").size() > 1) {
        // A haploid call is phased for htslib (nothing to order) and not for htsjdk and Glow (this reader: only
        // with VCF 4.4's explicit leading '|'), so only diploid and higher calls compare.
        assertThat(g.<Boolean>getAs("phased")).as(who + " phased").isEqualTo(s.get("phased").asBoolean());
      }
    }
  }

  private static List<String> strings(Object list) {
    List<String> out = new ArrayList<>();
    if (list instanceof JsonNode node) {
      node.forEach(n -> out.add(n.asText()));
    } else if (list instanceof List<?> l) {
      l.forEach(x -> out.add(String.valueOf(x)));
    }
    return out;
  }

  /** A value as a list of texts, numbers printed alike: a scalar and a list of one compare equal. */
  private static List<String> values(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof JsonNode node) {
      if (node.isArray()) {
        node.forEach(n -> out.add(text(n.isNull() ? null : n.isNumber() ? n.numberValue() : n.isBoolean()
            ? n.booleanValue() : n.asText())));
      } else {
        out.add(text(node.isNull() ? null : node.isNumber() ? node.numberValue() : node.isBoolean()
            ? node.booleanValue() : node.asText()));
      }
    } else if (value instanceof scala.collection.Seq<?> seq) {
      scala.collection.Iterator<?> it = seq.iterator();
      while (it.hasNext()) {
        out.add(text(it.next()));
      }
    } else if (value instanceof List<?> list) {
      list.forEach(x -> out.add(text(x)));
    } else {
      out.add(text(value));
    }
    return out;
  }

  private static String percentDecoded(String text) {
    if (text.equals(".")) {
      return "null"; // htslib keeps a missing string value as "."; this reader gives null
    }
    return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String text(Object v) {
    if (v instanceof Number n) {
      return String.format(java.util.Locale.ROOT, "%.6g", n.doubleValue());
    }
    return String.valueOf(v);
  }
}
