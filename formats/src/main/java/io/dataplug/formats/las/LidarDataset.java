package io.dataplug.formats.las;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.IndexReport;
import io.dataplug.formats.api.Predicate;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanPlan;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.index.IndexMode;
import io.dataplug.formats.plan.DataFiles;
import io.dataplug.formats.plan.PartitionPacker;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** A read of LAS, LAZ or COPC files: headers read once, for the schema, counts and planning. */
final class LidarDataset implements FormatDataset {
  private final LidarFormat format;
  private final BlobStore store;
  private final ReadOptions options;
  private final boolean copc;
  private List<LasFileInfo> headers;
  private List<LidarColumn> columns;
  /** How the last plan grouped its tiles, for the plan string; null before a tiled plan. */
  private volatile LidarDatasetPlanner.Tiling lastTiling;

  LidarDataset(LidarFormat format, BlobStore store, ReadOptions options) {
    this.format = format;
    this.store = store;
    this.options = options;
    this.copc = format.copc();
  }

  private LidarDatasetPlanner planner(boolean reference) {
    ReadOptions o = options;
    boolean lasOnly = !copc;
    Integer maxDepth = copc ? o.get(LidarFormat.MAX_DEPTH) : null;
    LidarDatasetPlanner.Options planning = new LidarDatasetPlanner.Options(DataFiles.of(o),
        reference ? PartitionPacker.whole() : PartitionPacker.of(o),
        reference ? IndexMode.REBUILD : lasOnly ? o.get(CommonOptions.INDEX) : IndexMode.AUTO,
        lasOnly ? o.get(CommonOptions.INDEX_LOCATION) : null,
        lasOnly ? o.get(LidarFormat.BLOCK_POINTS) : LidarIndexBuilder.DEFAULT_BLOCK_POINTS,
        lasOnly && o.given(LidarFormat.BLOCK_POINTS),
        tiled() && !reference ? o.get(LidarFormat.TILE_SIZE) : 0, 2 * Math.max(0, o.minPartitions()), copc,
        maxDepth == null || reference ? -1 : maxDepth, o.get(CommonOptions.IGNORE_CORRUPT_FILES));
    return new LidarDatasetPlanner(store, planning);
  }

  private boolean tiled() {
    return !copc && options.given(LidarFormat.TILE_SIZE);
  }

  /** The files' headers, read once per read; planning and count(*) reuse them. */
  private List<LasFileInfo> headers() throws IOException {
    if (headers == null) {
      headers = List.copyOf(planner(false).headers());
    }
    return headers;
  }

  private List<LidarColumn> columns() throws IOException {
    if (columns == null) {
      List<LidarColumn> out = new ArrayList<>(LidarColumn.union(headers()));
      if (options.get(CommonOptions.INCLUDE_SOURCE_FILE)) {
        out.add(LidarColumn.sourceFile());
      }
      if (options.get(LidarFormat.INCLUDE_POINT_INDEX)) {
        out.add(LidarColumn.pointIndex());
      }
      if (tiled()) {
        out.addAll(LidarColumn.tileColumns());
      }
      columns = List.copyOf(out);
    }
    return columns;
  }

  @Override
  public Schema schema() throws IOException {
    List<Field> fields = new ArrayList<>();
    for (LidarColumn column : columns()) {
      fields.add(column.arrowField());
    }
    return new Schema(fields);
  }

  @Override
  public boolean usesPredicate(Predicate predicate) {
    return PointFilter.axisOf(predicate.column()) >= 0 && predicate.value() instanceof Number;
  }

  private PointFilter filterOf(List<Predicate> predicates) {
    PointFilter box = null;
    for (Predicate p : predicates) {
      if (!usesPredicate(p)) {
        continue;
      }
      box = box == null ? new PointFilter() : box;
      int axis = PointFilter.axisOf(p.column());
      double v = ((Number) p.value()).doubleValue();
      switch (p.op()) {
        case GT -> box.atLeast(axis, v, true);
        case GE -> box.atLeast(axis, v, false);
        case LT -> box.atMost(axis, v, true);
        case LE -> box.atMost(axis, v, false);
        case EQ -> box.atLeast(axis, v, false).atMost(axis, v, false);
      }
    }
    return box;
  }

  /** The headers count every point: not the answer when a filter or a COPC depth limit drops some. */
  @Override
  public boolean canCount(ScanRequest request) {
    return filterOf(request.predicates()) == null && !(copc && options.get(LidarFormat.MAX_DEPTH) != null);
  }

  @Override
  public OptionalLong count(ScanRequest request) throws IOException {
    long total = 0;
    for (LasFileInfo file : headers()) {
      total += file.header().pointCount();
    }
    return OptionalLong.of(total);
  }

  @Override
  public IndexReport indexFile(String uri, IndexBuilder.Progress progress) throws IOException {
    if (copc) {
      return null;
    }
    LidarDatasetPlanner planner = planner(false);
    long start = System.nanoTime();
    try (Blob blob = store.open(uri)) {
      LasFileInfo info = LasFileInfo.read(blob);
      LidarIndex index = planner.indexes().loadOrBuild(blob, info);
      double seconds = (System.nanoTime() - start) / 1e9;
      return new IndexReport(uri, planner.indexes().indexUriFor(uri), index.sizeInBytes(), blob.length(),
          String.format(Locale.ROOT, "%s, %,d points in %,d %s", info.header(), index.pointCount(),
              index.blocks().size(), info.compressed() ? "chunks" : "blocks of " + index.blockPoints() + " points"),
          String.format(Locale.ROOT, "%.2f s, %.2f million points/s", seconds, index.pointCount() / 1e6 / seconds));
    }
  }

  @Override
  public ScanPlan plan(ScanRequest request) throws IOException {
    return plan(request, false);
  }

  @Override
  public ScanPlan referencePlan(ScanRequest request) throws IOException {
    return plan(new ScanRequest(request.columns(), List.of(), -1), true);
  }

  private ScanPlan plan(ScanRequest request, boolean reference) throws IOException {
    PointFilter filter = filterOf(request.predicates());
    LidarDatasetPlanner.Plan plan = planner(reference).plan(filter, headers());
    // A slice's point count is the number of rows it gives only when every point is kept: no box, no tiles.
    boolean countsKnown = filter == null && plan.tiling() == null;
    List<List<Slice>> partitions = new ArrayList<>();
    List<Long> keys = new ArrayList<>();
    for (List<LidarSlice> group : PartitionPacker.prefixHolding(plan.partitions(), request.limit(),
        slice -> countsKnown ? slice.points() : -1)) {
      partitions.add(List.copyOf(group));
      if (plan.tiling() != null) {
        keys.add(group.get(0).tiles().group());
      }
    }
    Map<ReadMetric, Long> planning = new java.util.EnumMap<>(Map.of(ReadMetric.RUNS_PLANNED, plan.unitsSelected(),
        ReadMetric.RUNS_TOTAL, plan.unitsTotal(), ReadMetric.BYTES_PLANNED, plan.bytesSelected(),
        ReadMetric.BYTES_TOTAL, plan.bytesTotal()));
    if (plan.tiling() != null) {
      planning.put(ReadMetric.POINTS_PLANNED, plan.tiling().pointsToDecode());
      planning.put(ReadMetric.POINTS_IN_PLANNED_BLOCKS, plan.tiling().pointsInBlocks());
      planning.put(ReadMetric.DECODE_AMPLIFICATION, Math.round(plan.tiling().amplification() * 1000));
      lastTiling = plan.tiling(); // reference plans are never tiled
    }
    return new ScanPlan(partitions, new LidarReaderFactory(select(request.columns()),
        options.get(LidarFormat.BATCH_SIZE), options.get(LidarFormat.LAZ_DECODER)), plan.warnings(), planning, keys);
  }

  /** Every partition of a tiled read is one tile group: grouping by {@code tileGroup} needs no exchange. */
  @Override
  public String partitionKeyColumn(ScanRequest request) {
    return tiled() ? LidarColumn.TILE_GROUP : null;
  }

  /** The requested columns, in the order asked. */
  private List<LidarColumn> select(List<String> names) throws IOException {
    List<LidarColumn> out = new ArrayList<>();
    for (String name : names) {
      LidarColumn found = null;
      for (LidarColumn c : columns()) {
        if (c.name().equalsIgnoreCase(name)) {
          found = c;
          break;
        }
      }
      if (found == null) {
        throw new IllegalArgumentException("No " + format.displayName() + " column named '" + name + "'");
      }
      out.add(found);
    }
    return out;
  }

  @Override
  public String describe(ScanRequest request) {
    Integer maxDepth = copc ? options.get(LidarFormat.MAX_DEPTH) : null;
    PointFilter filter = filterOf(request.predicates());
    return (copc ? "CopcScan" : "LasScan") + "[paths=" + String.join(", ", options.paths()) + ", "
        + options.splitDescription()
        + (tiled() ? ", tileSize=" + options.get(LidarFormat.TILE_SIZE) + tiling() : "")
        + (maxDepth != null ? ", maxDepth=" + maxDepth : "")
        + (copc ? "" : ", index=" + options.get(CommonOptions.INDEX).name().toLowerCase(Locale.ROOT))
        + lazDecoders() + (filter == null ? "" : ", box=" + filter) + "]";
  }

  /** Once planned: ", 100 tiles in 8 groups, decode amplification 1.03". */
  private String tiling() {
    LidarDatasetPlanner.Tiling tiling = lastTiling;
    return tiling == null ? "" : String.format(Locale.ROOT, " (%,d tiles in %,d groups, decode amplification %.3f)",
        tiling.tiles(), tiling.groups(), tiling.amplification());
  }

  /** Which decoder reads the LAZ files among the headers read so far, like ", lazDecoder=auto (dataplug: 2 files)". */
  private String lazDecoders() {
    LazDecoder choice = options.get(LidarFormat.LAZ_DECODER);
    Map<String, Integer> files = new java.util.TreeMap<>();
    for (LasFileInfo file : headers == null ? List.<LasFileInfo>of() : headers) {
      if (file.compressed()) {
        LazDecoder decoder = LazChunkDecoder.decoderFor(file.laz(), file.header().pointRecordLength(), choice);
        files.merge(decoder.label(), 1, Integer::sum);
      }
    }
    if (files.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(", lazDecoder=" + choice.label() + " (");
    files.forEach((name, n) -> out.append(out.charAt(out.length() - 1) == '(' ? "" : ", ").append(name).append(": ")
        .append(n).append(n == 1 ? " file" : " files"));
    return out.append(')').toString();
  }
}
