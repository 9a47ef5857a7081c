package io.dataplug.formats.zarr;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.FormatDataset;
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
  private Selection selection;

  /** The data arrays (same dimensions, shape and chunks), each dimension's coordinate array or null, and what was left out. */
  private record Selection(ZarrStore zarr, List<ZarrArray> data, List<ZarrArray> coordinates, List<String> ignored,
      ZarrSchema schema) {}

  ZarrDataset(BlobStore store, ReadOptions options) {
    this.store = store;
    this.options = options;
  }

  private Selection selection() throws IOException {
    if (selection != null) {
      return selection;
    }
    if (options.paths().size() != 1) {
      throw new IllegalArgumentException("dataplug-zarr reads one store at a time; got " + options.paths().size()
          + " paths: " + options.paths());
    }
    ZarrStore zarr = ZarrStore.open(store, options.paths().get(0));
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
    for (ZarrArray a : data) {
      if (!Arrays.equals(a.chunks(), main.chunks())) {
        throw new ZarrFormatException(zarr.root() + ": arrays " + main.name() + " and " + a.name() + " share their"
            + " dimensions but not their chunks (" + Arrays.toString(main.chunks()) + " and "
            + Arrays.toString(a.chunks()) + "); read them one at a time with option array");
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
    ZarrSchema schema = new ZarrSchema(main.dims(), coordinates, List.copyOf(data));
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

  @Override
  public boolean canCount(ScanRequest request) {
    return request.predicates().isEmpty();
  }

  @Override
  public OptionalLong count(ScanRequest request) throws IOException {
    return OptionalLong.of(selection().data().get(0).elementCount());
  }

  @Override
  public ScanPlan plan(ScanRequest request) throws IOException {
    return plan(request, PartitionPacker.of(options));
  }

  @Override
  public ScanPlan referencePlan(ScanRequest request) throws IOException {
    return plan(new ScanRequest(request.columns(), List.of(), -1), PartitionPacker.whole());
  }

  private record ChunkRef(long number, long cells, long bytes) {}

  private ScanPlan plan(ScanRequest request, PartitionPacker packer) throws IOException {
    Selection s = selection();
    ZarrArray main = s.data().get(0);
    long[] grid = main.grid();
    int cellBytes = 0;
    for (ZarrArray a : s.data()) {
      cellBytes += a.dtype().size();
    }
    List<ChunkRef> units = new ArrayList<>();
    long total = main.chunkCount();
    long[] index = new long[main.rank()];
    for (long number = 0; number < total; number++) {
      long rest = number;
      long cells = 1;
      for (int d = main.rank() - 1; d >= 0; d--) {
        index[d] = rest % grid[d];
        rest /= grid[d];
      }
      for (int d = 0; d < main.rank(); d++) {
        cells *= Math.min(main.chunks()[d], main.shape()[d] - index[d] * main.chunks()[d]);
      }
      if (cells > 0) {
        units.add(new ChunkRef(number, cells, Math.max(1, cells * cellBytes)));
      }
    }
    List<List<ZarrSlice>> partitions = new ArrayList<>();
    long bytesPlanned = 0;
    for (List<ChunkRef> partition : packer.pack(units, ChunkRef::bytes, u -> s.zarr().root())) {
      long[] numbers = new long[partition.size()];
      long cells = 0;
      long bytes = 0;
      for (int i = 0; i < numbers.length; i++) {
        numbers[i] = partition.get(i).number();
        cells += partition.get(i).cells();
        bytes += partition.get(i).bytes();
      }
      bytesPlanned += bytes;
      partitions.add(List.of(new ZarrSlice(s.zarr().root(), s.data(), s.coordinates(), numbers, cells, bytes)));
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
    return new ScanPlan(out, new ZarrReaderFactory(s.schema(), request.columns(), options.get(CommonOptions.BATCH_SIZE)),
        warnings, planning);
  }

  @Override
  public String describe(ScanRequest request) {
    return "ZarrScan[path=" + String.join(", ", options.paths()) + ", " + options.splitDescription()
        + (options.given(ZarrFormat.ARRAY) ? ", array=" + options.get(ZarrFormat.ARRAY) : "") + "]";
  }
}
