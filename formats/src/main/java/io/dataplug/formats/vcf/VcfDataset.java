package io.dataplug.formats.vcf;

import htsjdk.samtools.util.BlockCompressedInputStream;
import htsjdk.tribble.index.Block;
import htsjdk.tribble.index.tabix.TabixIndex;
import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.Predicate;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.ScanPlan;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.codec.DecodedInputStream;
import io.dataplug.formats.codec.DecodedSource;
import io.dataplug.formats.codec.PlainSource;
import io.dataplug.formats.gzip.GzipDecoder;
import io.dataplug.formats.gzip.InflateEngines;
import io.dataplug.formats.codec.Codec;
import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.plan.PartitionPacker;
import io.dataplug.formats.plan.SlicePlanner;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.text.TextFilesDataset;
import io.dataplug.formats.text.TextFilesPlanner;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.TreeMap;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A read of VCF files: the schema from the union of their headers, counts and plans from the indexes. */
final class VcfDataset extends TextFilesDataset {
  private static final Logger LOG = LoggerFactory.getLogger(VcfDataset.class);
  /** Records looked at per file for INFO and FORMAT keys the header does not declare. */
  private static final int SAMPLED_RECORDS = 200;

  private Map<String, VcfHeader> headers;
  private VcfSchema schema;
  private Set<String> wantedSamples;

  VcfDataset(BlobStore store, ReadOptions options, VcfFormat format) {
    super(store, options, format);
    String samples = options.get(VcfFormat.SAMPLES);
    if (samples != null) {
      wantedSamples = new LinkedHashSet<>();
      for (String name : samples.split(",")) {
        if (!name.isBlank()) {
          wantedSamples.add(name.trim());
        }
      }
    }
  }

  /** Reads every file's header (and its first records, for undeclared keys) once, and the union schema. */
  private synchronized void readHeaders() throws IOException {
    if (headers != null) {
      return;
    }
    Map<String, VcfHeader> out = new LinkedHashMap<>();
    Map<String, VcfField> undeclaredInfo = new TreeMap<>();
    Map<String, VcfField> undeclaredFormat = new TreeMap<>();
    for (String uri : planner(-1).listFiles()) {
      VcfHeader.Sampled sampled;
      try (Blob blob = store.open(uri); InputStream in = fromStart(blob)) {
        sampled = VcfHeader.readSampled(uri, in, SAMPLED_RECORDS);
      } catch (IOException e) {
        if (options.get(CommonOptions.IGNORE_CORRUPT_FILES) && !(e instanceof java.io.FileNotFoundException)) {
          LOG.warn("Skipping {} (ignoreCorruptFiles=true): {}", uri, e.getMessage());
          continue;
        }
        throw e;
      }
      out.put(uri, sampled.header());
      for (String key : sampled.undeclaredInfo()) {
        undeclaredInfo.putIfAbsent(key, VcfField.undeclared(key));
      }
      for (String key : sampled.undeclaredFormat()) {
        undeclaredFormat.putIfAbsent(key, VcfField.undeclared(key));
      }
    }
    if (!undeclaredInfo.isEmpty() || !undeclaredFormat.isEmpty()) {
      LOG.warn("VCF keys used without a header declaration are read as strings: INFO {}, FORMAT {}",
          undeclaredInfo.keySet(), undeclaredFormat.keySet());
    }
    if (wantedSamples != null) {
      Set<String> missing = new LinkedHashSet<>(wantedSamples);
      out.values().forEach(h -> h.samples().forEach(missing::remove));
      if (!missing.isEmpty()) {
        LOG.warn("Option samples names samples no file has: {}", missing);
      }
    }
    schema = new VcfSchema(List.copyOf(out.values()), undeclaredInfo, undeclaredFormat,
        options.get(VcfFormat.FLATTEN_INFO_FIELDS), options.get(VcfFormat.INCLUDE_SAMPLE_IDS),
        options.get(CommonOptions.INCLUDE_SOURCE_FILE));
    headers = out;
  }

  private static InputStream fromStart(Blob blob) throws IOException {
    DecodedSource source = IndexBuilder.detectCodec(blob).compressed()
        ? GzipDecoder.fromStart(blob, InflateEngines.preferred())
        : new PlainSource(blob, 0, blob.length());
    return new DecodedInputStream(source);
  }

  @Override
  public Schema schema() throws IOException {
    readHeaders();
    return schema.arrow();
  }

  @Override
  protected Slice slice(FileSlice piece) throws IOException {
    readHeaders();
    VcfHeader header = headers.get(piece.dataUri());
    if (header == null) {
      throw new IOException("no header was read for " + piece.dataUri());
    }
    return new VcfSlice(piece, header, keptSamples(header));
  }

  private int[] keptSamples(VcfHeader header) {
    int[] kept = new int[header.samples().size()];
    int n = 0;
    for (int i = 0; i < kept.length; i++) {
      if (wantedSamples == null || wantedSamples.contains(header.samples().get(i))) {
        kept[n++] = i;
      }
    }
    return Arrays.copyOf(kept, n);
  }

  @Override
  protected VcfReaderFactory readers(ScanRequest request) throws IOException {
    readHeaders();
    return new VcfReaderFactory(schema, new ArrayList<>(request.columns()), options.get(CommonOptions.BATCH_SIZE),
        options.get(VcfFormat.VALIDATION_STRINGENCY), options.get(CommonOptions.INFLATER));
  }

  private static final Set<String> REGION_COLUMNS = Set.of(VcfSchema.CONTIG_NAME, VcfSchema.START, VcfSchema.END);

  @Override
  public boolean usesPredicate(Predicate predicate) {
    return REGION_COLUMNS.contains(predicate.column()) && (predicate.column().equals(VcfSchema.CONTIG_NAME)
        ? predicate.value() instanceof String && predicate.op() == Predicate.Op.EQ
        : predicate.value() instanceof Number n && n.doubleValue() == n.longValue());
  }

  /**
   * With region filters: slices of one checkpoint span each, kept when the index's record blocks (and a tabix
   * index beside a BGZF file) say they may hold a matching record, then packed. Spark checks every filter again.
   */
  @Override
  public ScanPlan plan(ScanRequest request) throws IOException {
    List<Predicate> region = request.predicates().stream().filter(this::usesPredicate).toList();
    if (region.isEmpty()) {
      return super.plan(request);
    }
    readHeaders();
    TextFilesPlanner planner = planner(-1);
    List<FileSlice> kept = new ArrayList<>();
    long total = 0;
    long spans = 0;
    List<String> warnings = new ArrayList<>();
    for (TextFilesPlanner.PreparedFile file : planner.indexAll()) {
      FileIndex index = file.index();
      total += index.uncompressedLength();
      VcfBlocks blocks = index.formatTable() == null ? null : VcfBlocks.decode(index.formatTable());
      if (blocks == null) {
        warnings.add(file.uri() + ": its index predates region statistics, so region filters read it all;"
            + " rebuild it with index=rebuild to prune");
      }
      List<long[]> chunks = tabixChunks(file.uri(), index.codec(), region, warnings);
      for (FileSlice slice : SlicePlanner.bySize(index, file.uri(), file.indexUri(), 1)) {
        spans++;
        long from = slice.firstOrdinal();
        long to = from + slice.recordCount();
        boolean blocksMatch = blocks == null || blocks.any(from, to, b -> matches(b, region));
        if (blocksMatch && (chunks == null || overlaps(slice, chunks))) {
          kept.add(slice);
        }
      }
    }
    PartitionPacker packing = PartitionPacker.of(options);
    ToLongFunction<FileSlice> rows = FileSlice::recordCount;
    List<List<FileSlice>> groups = request.limit() >= 0
        ? PartitionPacker.prefixHolding(kept.stream().map(List::of).toList(), request.limit(), rows)
        : packing.pack(kept, FileSlice::uncompressedBytes, FileSlice::dataUri);
    List<List<Slice>> partitions = new ArrayList<>();
    for (List<FileSlice> group : groups) {
      List<Slice> slices = new ArrayList<>();
      for (FileSlice piece : group) {
        slices.add(slice(piece));
      }
      partitions.add(slices);
    }
    Map<ReadMetric, Long> metrics = new EnumMap<>(ReadMetric.class);
    metrics.put(ReadMetric.BYTES_TOTAL, total);
    metrics.put(ReadMetric.BYTES_PLANNED, kept.stream().mapToLong(FileSlice::uncompressedBytes).sum());
    metrics.put(ReadMetric.RUNS_TOTAL, spans);
    metrics.put(ReadMetric.RUNS_PLANNED, (long) kept.size());
    warnings.forEach(w -> LOG.warn(w));
    return new ScanPlan(partitions, readers(request), warnings, metrics);
  }

  /** Whether a block's exact bounds allow a record that passes every region predicate. */
  static boolean matches(VcfBlocks.Block b, List<Predicate> region) {
    for (Predicate p : region) {
      if (p.column().equals(VcfSchema.CONTIG_NAME)) {
        if (!b.contig().equals(p.value())) {
          return false;
        }
        continue;
      }
      long x = ((Number) p.value()).longValue();
      boolean possible;
      if (p.column().equals(VcfSchema.START)) {
        possible = switch (p.op()) {
          case LT -> b.minStart() < x;
          case LE -> b.minStart() <= x;
          case GT -> b.maxStart() > x;
          case GE -> b.maxStart() >= x;
          case EQ -> b.minStart() <= x && x <= b.maxStart();
        };
      } else {
        // Every end lies after its start: the smallest end exceeds the smallest start.
        possible = switch (p.op()) {
          case GT -> b.maxEnd() > x;
          case GE -> b.maxEnd() >= x;
          case LT -> b.minStart() + 1 < x;
          case LE, EQ -> b.minStart() + 1 <= x && (p.op() == Predicate.Op.LE || b.maxEnd() >= x);
        };
      }
      if (!possible) {
        return false;
      }
    }
    return true;
  }

  /**
   * The compressed byte ranges a tabix index beside a BGZF file gives for the region (contig and bounds from the
   * predicates); null when there is no usable {@code .tbi} or no contig is named. A {@code .csi} is not read.
   */
  private List<long[]> tabixChunks(String uri, Codec codec, List<Predicate> region, List<String> warnings)
      throws IOException {
    String contig = null;
    long from = 0;
    long to = Integer.MAX_VALUE;
    for (Predicate p : region) {
      if (p.column().equals(VcfSchema.CONTIG_NAME)) {
        contig = (String) p.value();
        continue;
      }
      long x = ((Number) p.value()).longValue();
      boolean isStart = p.column().equals(VcfSchema.START);
      switch (p.op()) {
        case LT -> to = Math.min(to, isStart ? x : x - 1);
        case LE -> to = Math.min(to, isStart ? x + 1 : x);
        case GT -> from = Math.max(from, isStart ? x + 1 : x);
        case GE -> from = Math.max(from, isStart ? x : x - 1);
        case EQ -> {
          from = Math.max(from, isStart ? x : x - 1);
          to = Math.min(to, isStart ? x + 1 : x);
        }
      }
    }
    if (contig == null || codec != Codec.BGZF) {
      return null;
    }
    if (!store.exists(uri + ".tbi")) {
      if (store.exists(uri + ".csi")) {
        warnings.add(uri + ".csi is not read (CSI indexes are not supported); this project's index prunes instead");
      }
      return null;
    }
    TabixIndex tabix;
    try (var blob = store.open(uri + ".tbi");
        InputStream in = new BlockCompressedInputStream(new java.io.ByteArrayInputStream(readAll(blob)))) {
      tabix = new TabixIndex(in);
    } catch (IOException | RuntimeException e) {
      warnings.add(uri + ".tbi could not be read (" + e.getMessage() + "); this project's index prunes instead");
      return null;
    }
    List<long[]> chunks = new ArrayList<>();
    if (from < to && tabix.containsChromosome(contig)) {
      int start = (int) Math.min(Integer.MAX_VALUE - 1, Math.max(1, from + 1));
      int end = (int) Math.min(Integer.MAX_VALUE - 1, Math.max(start, to));
      for (Block block : tabix.getBlocks(contig, start, end)) {
        chunks.add(new long[] {block.getStartPosition() >>> 16, block.getEndPosition() >>> 16});
      }
    }
    return chunks;
  }

  private static byte[] readAll(io.dataplug.formats.storage.Blob blob) throws IOException {
    byte[] bytes = new byte[(int) blob.length()];
    blob.readFully(0, bytes, 0, bytes.length);
    return bytes;
  }

  /** Whether a slice's compressed bytes overlap a tabix chunk (whose end is the start of its last block). */
  private static boolean overlaps(FileSlice slice, List<long[]> chunks) {
    long from = slice.start() == null ? 0 : slice.start().compressedByteOffset();
    long to = slice.compressedEnd();
    for (long[] chunk : chunks) {
      if (chunk[0] < to && chunk[1] >= from) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String describe(ScanRequest request) {
    return "VcfScan[paths=" + String.join(", ", options.paths()) + ", " + options.splitDescription()
        + ", index=" + options.get(CommonOptions.INDEX).name().toLowerCase(Locale.ROOT)
        + ", inflater=" + InflateEngines.describe(options.get(CommonOptions.INFLATER))
        + ", validationStringency=" + options.get(VcfFormat.VALIDATION_STRINGENCY).name().toLowerCase(Locale.ROOT)
        + (request.columns().contains(VcfSchema.GENOTYPES) ? "" : ", genotypes not parsed")
        + (request.limit() >= 0 ? ", limit=" + request.limit() : "") + "]";
  }
}
