package io.dataplug.formats.vcf;

import static org.assertj.core.api.Assertions.assertThat;

import htsjdk.variant.variantcontext.Allele;
import htsjdk.variant.variantcontext.Genotype;
import htsjdk.variant.variantcontext.VariantContext;
import htsjdk.variant.vcf.VCFFileReader;
import htsjdk.variant.vcf.VCFHeader;
import htsjdk.variant.vcf.VCFHeaderLineType;
import htsjdk.variant.vcf.VCFInfoHeaderLine;
import io.dataplug.formats.api.BatchReader;
import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanPlan;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.storage.LocalBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every field of every record of the real VCF files, read through splits, equals htsjdk's {@code VCFFileReader} (the
 * reader Glow and GATK use) on the lines htsjdk accepts. htsjdk refuses 8-column lines in a file with samples
 * ({@code 4.vcf} has 92); those must come out with every sample's values missing.
 */
class VcfEquivalenceTest {
  @TempDir Path temp;
  private final BlobStore store = new LocalBlobStore();

  @ParameterizedTest
  @ValueSource(strings = {"chr22.vcf.gz", "YRI.trio.2010_07.indel.sites.vcf.gz", "all43Features.utf8.vcf", "4.vcf",
      "4.vcf.gz"})
  void everyFieldEqualsHtsjdk(String name) throws IOException {
    Path file = temp.resolve(name);
    Files.copy(Path.of("../testdata/vcf").resolve(name), file);
    // Small batches: values buffered per batch (nulls included) must not leak from one batch into the next.
    List<Map<String, Object>> ours = read(file, Map.of("splitSize", "16k", "checkpointSpan", "16k",
        "batchSize", "37"));

    List<Map<String, Object>> theirs = new ArrayList<>();
    List<Integer> refused = new ArrayList<>();
    Path copy = lenientCopy(file, refused);
    boolean declaresPl = Files.readAllLines(copy).stream().anyMatch(l -> l.startsWith("##FORMAT=<ID=PL,"));
    try (VCFFileReader reader = new VCFFileReader(copy, false)) {
      VCFHeader header = reader.getFileHeader();
      for (VariantContext vc : reader) {
        theirs.add(canonical(vc, header, declaresPl));
      }
    }
    assertThat(ours).hasSize(theirs.size() + refused.size());
    int k = 0;
    for (int i = 0; i < ours.size(); i++) {
      if (refused.contains(i)) {
        assertThat(ours.get(i).get("genotypes").toString()).as("record %d", i).doesNotContain("calls=[");
        continue;
      }
      assertThat(ours.get(i)).as("record %d of %s", i, name).isEqualTo(theirs.get(k++));
    }
  }

  /** A copy without the lines htsjdk refuses (8 columns in a file with samples), and their record numbers. */
  private Path lenientCopy(Path file, List<Integer> refused) throws IOException {
    List<String> lines = new ArrayList<>();
    try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(
        file.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(Files.newInputStream(file))
            : Files.newInputStream(file), java.nio.charset.StandardCharsets.UTF_8))) {
      boolean samples = false;
      int record = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("#CHROM")) {
          samples = line.split("\t").length > 9;
        }
        if (!line.startsWith("#") && !line.isEmpty()) {
          if (samples && line.split("\t", -1).length == 8) {
            refused.add(record++);
            continue;
          }
          record++;
        }
        lines.add(line);
      }
    }
    Path copy = temp.resolve("htsjdk-" + file.getFileName().toString().replace(".gz", ""));
    Files.write(copy, lines);
    return copy;
  }

  private List<Map<String, Object>> read(Path file, Map<String, String> options) throws IOException {
    DataFormat format = Formats.byShortName("dataplug-vcf");
    FormatDataset dataset = format.open(store, ReadOptions.parse(format, List.of(file.toString()), options,
        Map.of()));
    List<String> columns = new ArrayList<>();
    for (Field f : dataset.schema().getFields()) {
      columns.add(f.getName());
    }
    ScanPlan plan = dataset.plan(ScanRequest.all(columns));
    List<Map<String, Object>> rows = new ArrayList<>();
    try (BufferAllocator root = new RootAllocator()) {
      for (List<Slice> partition : plan.partitions()) {
        try (BufferAllocator allocator = root.newChildAllocator("p", 0, Long.MAX_VALUE);
            BatchReader reader = plan.readers().open(store, partition, allocator)) {
          while (reader.next()) {
            for (int i = 0; i < reader.rows(); i++) {
              Map<String, Object> row = new LinkedHashMap<>();
              for (FieldVector v : reader.vectors()) {
                row.put(v.getName(), plain(v.getObject(i)));
              }
              rows.add(canonicalOurs(row));
            }
          }
        }
      }
    }
    return rows;
  }

  /** Arrow's objects as plain Java values: strings, longs, doubles to 9 digits, lists, maps without nulls. */
  private static Object plain(Object value) {
    if (value instanceof Text t) {
      return t.toString();
    }
    if (value instanceof Integer i) {
      return i.longValue();
    }
    if (value instanceof Double d) {
      return round(d);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(x -> out.add(plain(x)));
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> {
        if (v != null) {
          out.put(String.valueOf(k), plain(v));
        }
      });
      return out;
    }
    return value;
  }

  private static Object round(double d) {
    return Double.isFinite(d) ? Double.parseDouble(String.format(Locale.ROOT, "%.9g", d)) : d;
  }

  /** Our row without what htsjdk does not give: absent INFO columns and false flags are dropped. */
  private static Map<String, Object> canonicalOurs(Map<String, Object> row) {
    Map<String, Object> out = new LinkedHashMap<>();
    row.forEach((k, v) -> {
      if (k.startsWith("INFO_") && (v == null || Boolean.FALSE.equals(v))) {
        return;
      }
      if (k.equals("splitFromMultiAllelic")) {
        return;
      }
      if (k.equals("filters")) {
        v = ((List<?>) v).stream().map(String::valueOf).sorted().toList();
      }
      out.put(k, v);
    });
    if (out.get("genotypes") instanceof List<?> genotypes) {
      List<Object> kept = new ArrayList<>();
      for (Object g : genotypes) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) g);
        // htsjdk turns GL into PL; compare GL through the PL it derives.
        m.remove("genotypeLikelihoods");
        kept.add(m);
      }
      out.put("genotypes", kept);
    }
    return out;
  }

  private static Map<String, Object> canonical(VariantContext vc, VCFHeader header, boolean declaresPl) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("contigName", vc.getContig());
    row.put("start", (long) vc.getStart() - 1);
    row.put("end", (long) vc.getEnd());
    row.put("names", vc.hasID() ? List.of(vc.getID().split(";")) : List.of());
    row.put("referenceAllele", vc.getReference().getDisplayString());
    List<Object> alts = new ArrayList<>();
    vc.getAlternateAlleles().forEach(a -> alts.add(a.getDisplayString()));
    row.put("alternateAlleles", alts);
    row.put("qual", vc.hasLog10PError() ? round(vc.getPhredScaledQual()) : null);
    // htsjdk keeps filters in a hash set: compared in sorted order (ours keep the file's order).
    row.put("filters", !vc.filtersWereApplied() ? List.of()
        : vc.isFiltered() ? vc.getFilters().stream().sorted().toList() : List.of("PASS"));
    for (VCFInfoHeaderLine line : header.getInfoHeaderLines()) {
      Object value = vc.getAttribute(line.getID());
      if (value == null) {
        continue;
      }
      VcfField.Type type = switch (line.getType()) {
        case Integer -> VcfField.Type.INTEGER;
        case Float -> VcfField.Type.FLOAT;
        case Flag -> VcfField.Type.FLAG;
        default -> VcfField.Type.STRING;
      };
      boolean list = line.getType() != VCFHeaderLineType.Flag
          && !(line.isFixedCount() && line.getCount() <= 1);
      Object typedValue = typed(value, type, list);
      if (typedValue != null) {
        row.put("INFO_" + line.getID(), typedValue);
      }
    }
    List<Object> genotypes = new ArrayList<>();
    for (String sample : header.getGenotypeSamples()) {
      Genotype g = vc.getGenotype(sample);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sampleId", sample);
      boolean hasGt = !g.getAlleles().isEmpty();
      m.put("phased", hasGt && g.isPhased() && g.getPloidy() > 1);
      if (hasGt) {
        List<Object> calls = new ArrayList<>();
        for (Allele a : g.getAlleles()) {
          calls.add(a.isNoCall() ? -1L : (long) vc.getAlleleIndex(a));
        }
        m.put("calls", calls);
      }
      if (g.hasDP()) {
        m.put("depth", (long) g.getDP());
      }
      if (g.isFiltered()) {
        m.put("filters", List.of(g.getFilters().split(";")));
      }
      // htsjdk turns GL into PL: compared only where the file has PL itself (GL is checked against pysam).
      if (g.hasPL() && declaresPl) {
        List<Object> pl = new ArrayList<>();
        for (int x : g.getPL()) {
          pl.add((long) x);
        }
        m.put("phredLikelihoods", pl);
      }
      if (g.hasAD()) {
        List<Object> ad = new ArrayList<>();
        for (int x : g.getAD()) {
          ad.add((long) x);
        }
        m.put("alleleDepths", ad);
      }
      if (g.hasGQ()) {
        m.put("conditionalQuality", (long) g.getGQ());
      }
      g.getExtendedAttributes().forEach((key, value) -> {
        var line = header.getFormatHeaderLine(key);
        if (line == null || value == null || ".".equals(value)) {
          return;
        }
        VcfField.Type type = switch (line.getType()) {
          case Integer -> VcfField.Type.INTEGER;
          case Float -> VcfField.Type.FLOAT;
          default -> VcfField.Type.STRING;
        };
        m.put(key, typed(value, type, !(line.isFixedCount() && line.getCount() <= 1)));
      });
      genotypes.add(m);
    }
    row.put("genotypes", genotypes);
    return row;
  }

  private static Object typed(Object value, VcfField.Type type, boolean list) {
    if (type == VcfField.Type.FLAG) {
      return true;
    }
    if (list) {
      List<Object> out = new ArrayList<>();
      if (value instanceof List<?> values) {
        values.forEach(v -> out.add(one(String.valueOf(v), type)));
      } else {
        for (String v : String.valueOf(value).split(",")) {
          out.add(one(v, type));
        }
      }
      return out;
    }
    return one(String.valueOf(value), type);
  }

  private static Object one(String v, VcfField.Type type) {
    if (v.equals(".")) {
      return null;
    }
    return switch (type) {
      case INTEGER -> Long.parseLong(v.trim());
      case FLOAT -> round(Double.parseDouble(v.trim()));
      default -> v;
    };
  }

}
