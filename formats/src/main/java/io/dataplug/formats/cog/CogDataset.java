package io.dataplug.formats.cog;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Predicate;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanPlan;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.plan.DataFiles;
import io.dataplug.formats.plan.PartitionPacker;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A read of GeoTIFFs: every file's IFDs read once on the driver, for the schema, counts and planning. */
final class CogDataset implements FormatDataset {
  private static final Logger LOG = LoggerFactory.getLogger(CogDataset.class);

  private final BlobStore store;
  private final ReadOptions options;
  private List<CogInfo> files;

  CogDataset(BlobStore store, ReadOptions options) {
    this.store = store;
    this.options = options;
  }

  private List<CogInfo> files() throws IOException {
    if (files == null) {
      List<CogInfo> out = new ArrayList<>();
      for (String uri : DataFiles.of(options).list(store)) {
        try (Blob blob = store.open(uri)) {
          out.add(CogInfo.read(blob));
        } catch (IOException e) {
          if (!options.get(CommonOptions.IGNORE_CORRUPT_FILES)) {
            throw e;
          }
          LOG.warn("Skipping {} (ignoreCorruptFiles): {}", uri, e.getMessage());
        }
      }
      files = List.copyOf(out);
    }
    return files;
  }

  /** The level the options pick in one file: by number (overview) or by nearest pixel size (resolution). */
  private RasterLevel levelOf(CogInfo file) throws CogFormatException {
    List<RasterLevel> levels = file.levels();
    if (options.given(CogFormat.RESOLUTION)) {
      double wanted = options.get(CogFormat.RESOLUTION);
      RasterLevel best = levels.get(0);
      for (RasterLevel level : levels) {
        if (Math.abs(level.resolution() - wanted) < Math.abs(best.resolution() - wanted)) {
          best = level;
        }
      }
      return best;
    }
    int overview = options.given(CogFormat.OVERVIEW) ? options.get(CogFormat.OVERVIEW) : 0;
    if (overview >= levels.size()) {
      throw new CogFormatException(file.uri() + " has " + (levels.size() - 1) + " overview"
          + (levels.size() == 2 ? "" : "s") + " (levels 0 to " + (levels.size() - 1) + "): overview " + overview
          + " does not exist");
    }
    return levels.get(overview);
  }

  private int[] bandsOf(CogInfo file, RasterLevel level) throws CogFormatException {
    if (!options.given(CogFormat.BANDS)) {
      int[] all = new int[level.samples()];
      for (int b = 0; b < all.length; b++) {
        all[b] = b;
      }
      return all;
    }
    int[] wanted = CogFormat.bands(options.get(CogFormat.BANDS));
    int[] out = new int[wanted.length];
    for (int i = 0; i < wanted.length; i++) {
      if (wanted[i] > level.samples()) {
        throw new CogFormatException(file.uri() + " has " + level.samples() + " band" + (level.samples() == 1 ? ""
            : "s") + ": band " + wanted[i] + " (option bands) does not exist");
      }
      out[i] = wanted[i] - 1;
    }
    return out;
  }

  private CogSchema schema(List<CogInfo> read) throws CogFormatException {
    SampleType type = null;
    for (CogInfo file : read) {
      SampleType t = levelOf(file).type();
      type = type == null ? t : SampleType.union(type, t);
    }
    return new CogSchema(type == null ? SampleType.UINT8 : type, options.get(CommonOptions.INCLUDE_SOURCE_FILE));
  }

  @Override
  public Schema schema() throws IOException {
    return schema(files()).arrow();
  }

  @Override
  public boolean usesPredicate(Predicate predicate) {
    return CogSchema.BOUNDS.contains(predicate.column()) && predicate.value() instanceof Number;
  }

  @Override
  public boolean canCount(ScanRequest request) {
    return request.predicates().stream().noneMatch(this::usesPredicate);
  }

  @Override
  public OptionalLong count(ScanRequest request) throws IOException {
    long total = 0;
    for (CogInfo file : files()) {
      total += levelOf(file).tileCount();
    }
    return OptionalLong.of(total);
  }

  @Override
  public ScanPlan plan(ScanRequest request) throws IOException {
    return plan(request, PartitionPacker.of(options));
  }

  @Override
  public ScanPlan referencePlan(ScanRequest request) throws IOException {
    return plan(new ScanRequest(request.columns(), List.of(), -1), PartitionPacker.whole());
  }

  /** A tile of one file, the unit of packing. */
  private record TileRef(int file, int tile, long bytes) {}

  private ScanPlan plan(ScanRequest request, PartitionPacker packer) throws IOException {
    List<CogInfo> read = files();
    CogSchema schema = schema(read);
    List<RasterLevel> levels = new ArrayList<>();
    List<int[]> bands = new ArrayList<>();
    List<TileRef> units = new ArrayList<>();
    long bytesTotal = 0;
    long tilesTotal = 0;
    for (int f = 0; f < read.size(); f++) {
      RasterLevel level = levelOf(read.get(f));
      levels.add(level);
      bands.add(bandsOf(read.get(f), level));
      for (int t = 0; t < level.tileCount(); t++) {
        long bytes = level.tileBytes(t) + (level.mask() == null ? 0 : level.mask().tileBytes(t));
        bytesTotal += bytes;
        tilesTotal++;
        if (TileBounds.of(level, t).mayPass(request.predicates())) {
          units.add(new TileRef(f, t, Math.max(1, bytes)));
        }
      }
    }
    List<List<CogSlice>> partitions = new ArrayList<>();
    long bytesPlanned = 0;
    for (List<TileRef> partition : packer.pack(units, TileRef::bytes, TileRef::file)) {
      Map<Integer, List<Integer>> byFile = new LinkedHashMap<>();
      for (TileRef ref : partition) {
        byFile.computeIfAbsent(ref.file(), k -> new ArrayList<>()).add(ref.tile());
        bytesPlanned += ref.bytes();
      }
      List<CogSlice> slices = new ArrayList<>();
      for (Map.Entry<Integer, List<Integer>> e : byFile.entrySet()) {
        CogInfo file = read.get(e.getKey());
        slices.add(slice(file, levels.get(e.getKey()), bands.get(e.getKey()), e.getValue()));
      }
      partitions.add(slices);
    }
    List<List<Slice>> out = new ArrayList<>();
    for (List<CogSlice> group : PartitionPacker.prefixHolding(partitions, request.limit(), CogSlice::rows)) {
      out.add(List.copyOf(group));
    }
    Map<ReadMetric, Long> planning = Map.of(ReadMetric.RUNS_PLANNED, (long) units.size(), ReadMetric.RUNS_TOTAL,
        tilesTotal, ReadMetric.BYTES_PLANNED, bytesPlanned, ReadMetric.BYTES_TOTAL, bytesTotal);
    List<String> warnings = new ArrayList<>();
    String shortfall = packer.shortfall(out.size(), "the tiles");
    if (shortfall != null) {
      warnings.add(shortfall);
    }
    return new ScanPlan(out, new CogReaderFactory(schema, request.columns(), options.get(CogFormat.BATCH_SIZE),
        options.get(CommonOptions.INFLATER)),
        warnings, planning);
  }

  private static CogSlice slice(CogInfo file, RasterLevel level, int[] bands, List<Integer> tiles) {
    int planes = level.planar() ? level.samples() : 1;
    int n = tiles.size();
    int[] numbers = new int[n];
    long[][] offsets = new long[n][];
    long[][] counts = new long[n][];
    for (int i = 0; i < n; i++) {
      int t = tiles.get(i);
      numbers[i] = t;
      int entries = planes + (level.mask() == null ? 0 : 1);
      offsets[i] = new long[entries];
      counts[i] = new long[entries];
      for (int p = 0; p < planes; p++) {
        offsets[i][p] = level.tileOffsets()[p * level.tileCount() + t];
        counts[i][p] = level.tileByteCounts()[p * level.tileCount() + t];
      }
      if (level.mask() != null) {
        offsets[i][planes] = level.mask().tileOffsets()[t];
        counts[i][planes] = level.mask().tileByteCounts()[t];
      }
    }
    return new CogSlice(file.uri(), file.identity(), file.bigEndian(), level.withoutTables(), numbers, offsets,
        counts, bands, file.crs(), file.nodata());
  }

  @Override
  public String describe(ScanRequest request) {
    return "CogScan[paths=" + String.join(", ", options.paths()) + ", " + options.splitDescription()
        + (options.given(CogFormat.OVERVIEW) ? ", overview=" + options.get(CogFormat.OVERVIEW) : "")
        + (options.given(CogFormat.RESOLUTION) ? ", resolution=" + options.get(CogFormat.RESOLUTION) : "")
        + (options.given(CogFormat.BANDS) ? ", bands=" + options.get(CogFormat.BANDS) : "")
        + ", inflater=" + options.get(CommonOptions.INFLATER).planText()
        + prunedBy(request, "tiles") + "]";
  }
}
