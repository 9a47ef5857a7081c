package io.dataplug.formats.zarr;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Predicate;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanPlan;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.plan.PartitionPacker;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A read of one Zarr v2 store: its metadata read once on the driver; the data arrays and their coordinate arrays
 * chosen as xarray's {@code to_dataframe} would; partitions are runs of whole chunks of the shared chunk grid.
 */
final class ZarrDataset implements FormatDataset {
  private final BlobStore store;
  private final ReadOptions options;
  /** A Kerchunk reference set (dataplug-kerchunk) rather than a Zarr store's folder. */
  private final boolean references;
  private Selection selection;

  /**
   * The data arrays (same dimensions, shape and chunks), each dimension's coordinate array or null, and what was left
   * out.
   */
  private record Selection(ZarrStore zarr, List<ZarrArray> data, List<ZarrArray> coordinates, List<String> ignored,
      ZarrSchema schema) {}

  ZarrDataset(BlobStore store, ReadOptions options, boolean references) {
    this.store = store;
    this.options = options;
    this.references = references;
  }

  private String formatName() {
    return references ? "dataplug-kerchunk" : "dataplug-zarr";
  }

  private ZarrStore openStore(String uri) throws IOException {
    if (!references) {
      return ZarrStore.open(store, uri);
    }
    String root = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    String schemes = options.get(KerchunkFormat.SCHEMES);
    // A JSON file is not asked for a .zmetadata below it (an S3 emulator on a file system answers that with an error).
    boolean json = root.matches(".*\\.json(\\.gz|\\.zst)?$");
    ZarrStore parquet = json ? null : KerchunkParquet.open(store, root, schemes);
    return parquet != null ? parquet : KerchunkRefs.open(store, root, KerchunkUrls.of(root, schemes));
  }

  private Selection selection() throws IOException {
    if (selection != null) {
      return selection;
    }
    if (options.paths().size() != 1) {
      throw new IllegalArgumentException(formatName() + " reads one " + (references ? "reference set" : "store")
          + " at a time; got " + options.paths().size() + " paths: " + options.paths());
    }
    ZarrStore zarr = openStore(options.paths().get(0));
    if (zarr.arrays().isEmpty()) {
      throw new ZarrFormatException(zarr.root() + " is a Zarr group without arrays");
    }
    List<ZarrArray> data = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    if (options.given(ZarrFormat.ARRAY)) {
      data.add(zarr.array(options.get(ZarrFormat.ARRAY)));
    } else {
      ZarrArray main = null;
      for (ZarrArray a : zarr.arrays()) {
        if (!isCoordinate(a) && (main == null || a.rank() > main.rank())) {
          main = a;
        }
      }
      if (main == null) {
        main = zarr.arrays().get(0);
      }
      for (ZarrArray a : zarr.arrays()) {
        if (a.dims().equals(main.dims()) && Arrays.equals(a.shape(), main.shape()) && !isCoordinate(a)) {
          data.add(a);
        } else if (!(isCoordinate(a) && main.dims().contains(a.dims().get(0)))) {
          ignored.add(a.name());
        }
      }
    }
    ZarrArray main = data.get(0);
    boolean chunksLayout = options.get(ZarrFormat.LAYOUT) == ZarrFormat.Layout.CHUNKS;
    for (ZarrArray a : data) {
      if (chunksLayout && !Arrays.equals(a.chunks(), main.chunks())) {
        throw new ZarrFormatException(zarr.root() + ": arrays " + main.name() + " and " + a.name() + " share their"
            + " dimensions but not their chunks (" + Arrays.toString(main.chunks()) + " and "
            + Arrays.toString(a.chunks()) + "), so layout chunks cannot put them in one row; read them one at a"
            + " time with option array, or use layout cells");
      }
    }
    boolean decodeCf = options.get(ZarrFormat.DECODE_CF);
    List<ZarrArray> coordinates = new ArrayList<>();
    for (int d = 0; d < main.rank(); d++) {
      ZarrArray coordinate = null;
      for (ZarrArray a : zarr.arrays()) {
        if (isCoordinate(a) && a.path().equals(main.dims().get(d)) && a.shape()[0] == main.shape()[d]
            && !data.contains(a)) {
          coordinate = decodeCf ? a : a.withoutCf();
        }
      }
      coordinates.add(coordinate);
    }
    if (!decodeCf) {
      data.replaceAll(ZarrArray::withoutCf);
    }
    ZarrSchema schema = new ZarrSchema(main.dims(), coordinates, List.copyOf(data),
        options.get(ZarrFormat.LAYOUT) == ZarrFormat.Layout.CHUNKS);
    selection = new Selection(zarr, List.copyOf(data), coordinates, List.copyOf(ignored), schema);
    return selection;
  }

  /** A 1-D array named like its only dimension: xarray's coordinate variable. */
  private static boolean isCoordinate(ZarrArray a) {
    return a.rank() == 1 && a.path().equals(a.dims().get(0));
  }

  @Override
  public Schema schema() throws IOException {
    return selection().schema().arrow();
  }

  /** Filters on a dimension's coordinate (or index) prune whole chunks before any read (layout cells). */
  @Override
  public boolean usesPredicate(Predicate predicate) {
    try {
      ZarrSchema schema = selection().schema();
      return !schema.chunks() && schema.dims().contains(predicate.column()) && comparable(predicate.value()) != null;
    } catch (IOException e) {
      return false;
    }
  }

  /** A filter's constant on the scale of {@link #coordinateValues}: numbers, and timestamps as microseconds. */
  private static Double comparable(Object value) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof java.time.LocalDateTime t) {
      return (double) (t.toEpochSecond(java.time.ZoneOffset.UTC) * 1_000_000 + t.getNano() / 1000);
    }
    return null;
  }

  /** A dimension's values as the columns show them (CF-decoded coordinates, times in microseconds, or indexes). */
  private double[] coordinateValues(int d) throws IOException {
    Selection s = selection();
    ZarrArray main = s.data().get(0);
    int n = Math.toIntExact(main.shape()[d]);
    double[] out = new double[n];
    ZarrArray c = s.coordinates().get(d);
    if (c == null) {
      for (int i = 0; i < n; i++) {
        out[i] = i;
      }
      return out;
    }
    java.nio.ByteBuffer raw = java.nio.ByteBuffer.wrap(ZarrChunks.readAll1d(store, s.zarr().chunks(),
        s.zarr().root(), c))
        .order(c.dtype().order());
    for (int i = 0; i < n; i++) {
      out[i] = ZarrColumn.comparable(c, raw, i);
    }
    return out;
  }

  /**
   * Per dimension with a usable filter, which of its cells may pass (null: all). A NaN or null coordinate is kept:
   * Spark, which applies the filters again, orders NaN above every number.
   */
  private BitSet[] cellsThatMayPass(List<Predicate> predicates) throws IOException {
    ZarrArray main = selection().data().get(0);
    List<String> dims = selection().schema().dims();
    BitSet[] out = new BitSet[main.rank()];
    for (int d = 0; d < main.rank(); d++) {
      List<Predicate> mine = new ArrayList<>();
      for (Predicate p : predicates) {
        if (p.column().equals(dims.get(d)) && comparable(p.value()) != null) {
          mine.add(p);
        }
      }
      if (mine.isEmpty()) {
        continue;
      }
      double[] values = coordinateValues(d);
      out[d] = new BitSet(values.length);
      for (int i = 0; i < values.length; i++) {
        double x = values[i];
        boolean pass = true;
        for (Predicate p : mine) {
          double v = comparable(p.value());
          pass &= Double.isNaN(x) || switch (p.op()) {
            case EQ -> x == v;
            case LT -> x < v;
            case LE -> x <= v;
            case GT -> x > v;
            case GE -> x >= v;
          };
        }
        out[d].set(i, pass);
      }
    }
    return out;
  }

  @Override
  public boolean canCount(ScanRequest request) {
    return request.predicates().isEmpty();
  }

  @Override
  public OptionalLong count(ScanRequest request) throws IOException {
    ZarrArray main = selection().data().get(0);
    return OptionalLong.of(selection().schema().chunks() ? main.nonEmptyChunkCount() : main.elementCount());
  }

  @Override
  public ScanPlan plan(ScanRequest request) throws IOException {
    return plan(request, PartitionPacker.of(options));
  }

  @Override
  public ScanPlan referencePlan(ScanRequest request) throws IOException {
    return plan(new ScanRequest(request.columns(), List.of(), -1), PartitionPacker.whole());
  }

  private record ChunkUnit(long number, long cells, long bytes) {}

  private ScanPlan plan(ScanRequest request, PartitionPacker packer) throws IOException {
    Selection s = selection();
    ZarrArray main = s.data().get(0);
    long[] grid = main.grid();
    int cellBytes = 0;
    for (ZarrArray a : s.data()) {
      cellBytes += a.dtype().size();
    }
    List<ChunkUnit> units = new ArrayList<>();
    long total = main.chunkCount();
    BitSet[] keep = cellsThatMayPass(request.predicates());
    long[] index = new long[main.rank()];
    int[] extent = new int[main.rank()];
    long[] origin = new long[main.rank()];
    for (long number = 0; number < total; number++) {
      ZarrArray.chunkIndex(number, grid, index);
      long cells = main.extent(index, extent);
      for (int d = 0; d < main.rank(); d++) {
        origin[d] = index[d] * main.chunks()[d];
      }
      long kept = ZarrSlice.keptCells(keep, origin, extent);
      if (kept > 0) {
        units.add(new ChunkUnit(number, kept, Math.max(1, cells * cellBytes)));
      }
    }
    List<List<ZarrSlice>> partitions = new ArrayList<>();
    long bytesPlanned = 0;
    for (List<ChunkUnit> partition : packer.pack(units, ChunkUnit::bytes, u -> s.zarr().root())) {
      long[] numbers = new long[partition.size()];
      long cells = 0;
      long bytes = 0;
      for (int i = 0; i < numbers.length; i++) {
        numbers[i] = partition.get(i).number();
        cells += partition.get(i).cells();
        bytes += partition.get(i).bytes();
      }
      bytesPlanned += bytes;
      long rows = s.schema().chunks() ? numbers.length : cells;
      List<ZarrArray> whole = s.coordinates().stream().filter(java.util.Objects::nonNull).toList();
      ChunkSource chunks = ChunkSource.forSlice(s.zarr().chunks(), s.data(), numbers, whole);
      partitions.add(List.of(new ZarrSlice(s.zarr().root(), s.data(), s.coordinates(), numbers, rows, bytes, chunks,
          s.schema().chunks() ? new BitSet[main.rank()] : keep)));
    }
    List<List<Slice>> out = new ArrayList<>();
    for (List<ZarrSlice> group : PartitionPacker.prefixHolding(partitions, request.limit(), ZarrSlice::rows)) {
      out.add(List.copyOf(group));
    }
    List<String> warnings = new ArrayList<>();
    if (!s.ignored().isEmpty()) {
      warnings.add(s.zarr().root() + ": not read (other dimensions than " + main.dims() + "; option array reads one): "
          + String.join(", ", s.ignored()));
    }
    String shortfall = packer.shortfall(out.size(), "the chunks");
    if (shortfall != null) {
      warnings.add(shortfall);
    }
    Map<ReadMetric, Long> planning = Map.of(ReadMetric.RUNS_PLANNED, (long) units.size(), ReadMetric.RUNS_TOTAL, total,
        ReadMetric.BYTES_PLANNED, bytesPlanned, ReadMetric.BYTES_TOTAL, bytesPlanned);
    int batchSize = options.get(CommonOptions.BATCH_SIZE);
    return new ScanPlan(out, new ZarrReaderFactory(s.schema(), request.columns(), batchSize,
        options.get(CommonOptions.INFLATER), options.get(ZarrFormat.BLOSC)), warnings, planning);
  }

  @Override
  public String describe(ScanRequest request) {
    return (references ? "KerchunkScan" : "ZarrScan") + "[path=" + String.join(", ", options.paths()) + ", "
        + options.splitDescription()
        + (options.given(ZarrFormat.ARRAY) ? ", array=" + options.get(ZarrFormat.ARRAY) : "")
        + ", inflater=" + options.get(CommonOptions.INFLATER).planText()
        + ", blosc=" + options.get(ZarrFormat.BLOSC).planText()
        + prunedBy(request, "chunks") + "]";
  }
}
