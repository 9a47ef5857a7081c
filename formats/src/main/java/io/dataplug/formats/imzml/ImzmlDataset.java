package io.dataplug.formats.imzml;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.IndexReport;
import io.dataplug.formats.api.Predicate;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.ScanPlan;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.plan.DataFiles;
import io.dataplug.formats.plan.PartitionPacker;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A read of imzML files: every file's spectra indexed once on the driver, for the schema, counts and planning. */
final class ImzmlDataset implements FormatDataset {
  private static final Logger LOG = LoggerFactory.getLogger(ImzmlDataset.class);

  private final BlobStore store;
  private final io.dataplug.formats.api.ReadOptions options;
  private final ImzmlFiles files;
  private List<ImzmlFiles.Indexed> indexed;

  ImzmlDataset(BlobStore store, io.dataplug.formats.api.ReadOptions options) {
    this.store = store;
    this.options = options;
    this.files = new ImzmlFiles(store, options.get(CommonOptions.INDEX),
        options.get(CommonOptions.INDEX_LOCATION));
  }

  /** The {@code .imzML} files the paths name (a listing's {@code .ibd} and other files are not data). */
  private List<String> imzmlFiles() throws IOException {
    List<String> out = new ArrayList<>();
    for (String uri : DataFiles.of(options).list(store)) {
      if (ImzmlFiles.isImzml(uri)) {
        out.add(uri);
      }
    }
    if (out.isEmpty()) {
      throw new java.io.FileNotFoundException("No .imzML file in " + String.join(", ", options.paths())
          + ": give an .imzML file (its .ibd beside it) or a directory holding some");
    }
    return out;
  }

  private List<ImzmlFiles.Indexed> indexed() throws IOException {
    if (indexed == null) {
      List<ImzmlFiles.Indexed> out = new ArrayList<>();
      for (String uri : imzmlFiles()) {
        try {
          out.add(files.load(uri));
        } catch (IOException e) {
          if (!options.get(CommonOptions.IGNORE_CORRUPT_FILES)) {
            throw e;
          }
          LOG.warn("Skipping {} (ignoreCorruptFiles): {}", uri, e.getMessage());
        }
      }
      indexed = List.copyOf(out);
    }
    return indexed;
  }

  private ImzmlSchema schema(List<ImzmlFiles.Indexed> read) {
    boolean floatIntensity = !read.isEmpty();
    for (ImzmlFiles.Indexed file : read) {
      floatIntensity &= file.index().intensity.allOfType(BinaryEncoding.FLOAT32);
    }
    return new ImzmlSchema(!floatIntensity, options.get(CommonOptions.INCLUDE_SOURCE_FILE));
  }

  @Override
  public Schema schema() throws IOException {
    return schema(indexed()).arrow();
  }

  @Override
  public boolean usesPredicate(Predicate predicate) {
    return (predicate.column().equals(ImzmlSchema.X) || predicate.column().equals(ImzmlSchema.Y))
        && predicate.value() instanceof Number;
  }

  @Override
  public boolean canCount(ScanRequest request) {
    return request.predicates().stream().noneMatch(this::usesPredicate);
  }

  @Override
  public OptionalLong count(ScanRequest request) throws IOException {
    long total = 0;
    for (ImzmlFiles.Indexed file : indexed()) {
      total += file.index().spectra();
    }
    return OptionalLong.of(total);
  }

  @Override
  public IndexReport indexFile(String uri, IndexBuilder.Progress progress) throws IOException {
    long start = System.nanoTime();
    ImzmlFiles.Indexed file = files.load(uri);
    double seconds = (System.nanoTime() - start) / 1e9;
    ImzmlIndex index = file.index();
    long ibdBytes = index.ibdIdentity.length();
    long indexBytes;
    try (var sidecar = store.open(files.indexUriFor(uri))) {
      indexBytes = sidecar.length();
    }
    return new IndexReport(uri, files.indexUriFor(uri), indexBytes, index.imzmlIdentity.length() + ibdBytes,
        String.format(Locale.ROOT, "%,d spectra (%s), .ibd %,d bytes", index.spectra(),
            index.continuous ? "continuous" : "processed", ibdBytes),
        String.format(Locale.ROOT, "%.2f s", seconds));
  }

  @Override
  public ScanPlan plan(ScanRequest request) throws IOException {
    return plan(request, indexed(), PartitionPacker.of(options));
  }

  @Override
  public ScanPlan referencePlan(ScanRequest request) throws IOException {
    List<ImzmlFiles.Indexed> parsed = new ArrayList<>();
    for (String uri : imzmlFiles()) {
      parsed.add(files.parseOnly(uri));
    }
    return plan(new ScanRequest(request.columns(), List.of(), -1), parsed, PartitionPacker.whole());
  }

  /** A spectrum of one file, the unit of packing. */
  private record SpectrumRef(int file, int spectrum, long bytes) {}

  private ScanPlan plan(ScanRequest request, List<ImzmlFiles.Indexed> read, PartitionPacker packer)
      throws IOException {
    ImzmlSchema schema = schema(read);
    List<SpectrumRef> units = new ArrayList<>();
    long bytesTotal = 0;
    long spectraTotal = 0;
    for (int f = 0; f < read.size(); f++) {
      ImzmlIndex index = read.get(f).index();
      for (int s = 0; s < index.spectra(); s++) {
        long bytes = index.bytesOf(s);
        bytesTotal += bytes;
        spectraTotal++;
        if (kept(index, s, request.predicates())) {
          units.add(new SpectrumRef(f, s, bytes));
        }
      }
    }
    List<List<ImzmlSlice>> partitions = new ArrayList<>();
    long bytesPlanned = 0;
    for (List<SpectrumRef> partition : packer.pack(units, SpectrumRef::bytes, SpectrumRef::file)) {
      Map<Integer, List<Integer>> byFile = new LinkedHashMap<>();
      for (SpectrumRef ref : partition) {
        byFile.computeIfAbsent(ref.file(), k -> new ArrayList<>()).add(ref.spectrum());
        bytesPlanned += ref.bytes();
      }
      List<ImzmlSlice> slices = new ArrayList<>();
      byFile.forEach((f, spectra) -> {
        ImzmlFiles.Indexed file = read.get(f);
        slices.add(new ImzmlSlice(file.imzmlUri(), file.ibdUri(),
            file.index().select(spectra.stream().mapToInt(Integer::intValue).toArray())));
      });
      partitions.add(slices);
    }
    List<List<Slice>> out = new ArrayList<>();
    for (List<ImzmlSlice> group : PartitionPacker.prefixHolding(partitions, request.limit(), ImzmlSlice::rows)) {
      out.add(List.copyOf(group));
    }
    String mzRange = options.get(ImzmlFormat.MZ_RANGE);
    Map<ReadMetric, Long> planning = Map.of(ReadMetric.RUNS_PLANNED, (long) units.size(), ReadMetric.RUNS_TOTAL,
        spectraTotal, ReadMetric.BYTES_PLANNED, bytesPlanned, ReadMetric.BYTES_TOTAL, bytesTotal);
    List<String> warnings = new ArrayList<>();
    String shortfall = packer.shortfall(out.size(), "the spectra");
    if (shortfall != null) {
      warnings.add(shortfall);
    }
    return new ScanPlan(out, new ImzmlReaderFactory(schema, request.columns(),
        mzRange == null ? null : MzRange.parse(mzRange), options.get(ImzmlFormat.BATCH_SIZE)), warnings, planning);
  }

  /** Whether spectrum {@code s} can pass the comparisons on x and y. */
  private boolean kept(ImzmlIndex index, int s, List<Predicate> predicates) {
    for (Predicate p : predicates) {
      if (!usesPredicate(p)) {
        continue;
      }
      double v = ((Number) p.value()).doubleValue();
      int position = p.column().equals(ImzmlSchema.X) ? index.x[s] : index.y[s];
      boolean pass = switch (p.op()) {
        case EQ -> position == v;
        case LT -> position < v;
        case LE -> position <= v;
        case GT -> position > v;
        case GE -> position >= v;
      };
      if (!pass) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String describe(ScanRequest request) {
    String mzRange = options.get(ImzmlFormat.MZ_RANGE);
    return "ImzmlScan[paths=" + String.join(", ", options.paths()) + ", " + options.splitDescription()
        + ", index=" + options.get(CommonOptions.INDEX).name().toLowerCase(Locale.ROOT)
        + (mzRange == null ? "" : ", mzRange=" + mzRange)
        + prunedBy(request, "spectra") + "]";
  }
}
