package io.dataplug.formats.las;

import io.dataplug.formats.index.IndexMode;
import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.plan.DataFiles;
import io.dataplug.formats.plan.PartitionPacker;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a read of LAS, LAZ or COPC files: reads each header, then cuts the points into partitions of about the
 * split size - LAS by point ranges, LAZ by runs of whole chunks, COPC by octree nodes - or into spatial tiles. A
 * filter prunes blocks, chunks and nodes by their bounds; readers then apply it exactly. Engine-neutral.
 */
public final class LidarDatasetPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(LidarDatasetPlanner.class);
  /** Tiles in row-major order. */
  private static final java.util.Comparator<TileCell> ROW_THEN_COLUMN =
      java.util.Comparator.comparingLong(TileCell::row).thenComparingLong(TileCell::column);

  /**
   * What to read, how to pack it, how to index it; a positive {@code tileSize} plans spatial tiles instead, in groups
   * of at most the packing's target and, data allowing, at least {@code minTileGroups} of them.
   */
  public record Options(
      DataFiles files,
      PartitionPacker packing,
      IndexMode indexMode,
      String indexLocation,
      int blockPoints,
      boolean blockPointsGiven,
      double tileSize,
      int minTileGroups,
      boolean copc,
      int maxDepth,
      boolean ignoreCorruptFiles) {}

  /** One file as planned: its header, and its index where one was used. */
  public record PreparedFile(LasFileInfo info, LidarIndex index, String indexUri, List<PointRun> candidates) {}

  /** The partitions (each a list of slices), the files, what pruning saved, and the tiling (null without tiles). */
  public record Plan(List<List<LidarSlice>> partitions, List<PreparedFile> files, List<String> warnings,
      long unitsTotal, long unitsSelected, long bytesTotal, long bytesSelected, int hierarchyPagesRead,
      Tiling tiling) {}

  /**
   * How a tiled read was grouped: {@code pointsToDecode} counts a block's points once per group that reads it,
   * {@code pointsInBlocks} once.
   */
  public record Tiling(int tiles, int groups, long pointsToDecode, long pointsInBlocks) {
    /** Points decoded per point the blocks hold (without a filter, per point returned): 1 when no block is shared. */
    public double amplification() {
      return pointsInBlocks == 0 ? 1 : (double) pointsToDecode / pointsInBlocks;
    }
  }

  private final BlobStore store;
  private final Options options;
  private final LidarIndexes indexes;
  private final List<String> warnings = new ArrayList<>();

  public LidarDatasetPlanner(BlobStore store, Options options) {
    this.store = store;
    this.options = options;
    this.indexes = new LidarIndexes(store, options.indexLocation(), options.indexMode(), options.blockPoints(),
        options.blockPointsGiven());
  }

  public LidarIndexes indexes() {
    return indexes;
  }

  public List<String> listFiles() throws IOException {
    List<String> files = options.files().list(store);
    if (files.isEmpty()) {
      throw new FileNotFoundException("No LAS/LAZ files at " + String.join(", ", options.files().paths()));
    }
    return files;
  }


  /** The headers of all files, for the schema; no point is read. */
  public List<LasFileInfo> headers() throws IOException {
    List<LasFileInfo> out = new ArrayList<>();
    for (String uri : listFiles()) {
      try (Blob blob = store.open(uri)) {
        out.add(LasFileInfo.read(blob));
      } catch (LasFormatException e) {
        if (!options.ignoreCorruptFiles()) {
          throw e;
        }
        warn("Skipping " + uri + " (ignoreCorruptFiles=true): " + e.getMessage());
      }
    }
    return out;
  }

  /** Whether the index of each LAS/LAZ file is needed: for tiles and for pruning by a filter. */
  private boolean needsIndex(PointFilter filter) {
    return options.tileSize() > 0 || filter != null;
  }

  /** Plans the read; {@code filter} may be null. */
  public Plan plan(PointFilter filter) throws IOException {
    return plan(filter, List.of());
  }

  /**
   * Plans the read, taking each file's header from {@code headers} (as {@link #headers()} returned them) when it is
   * there and the file has not changed since, so that planning after schema inference reads no header again.
   */
  public Plan plan(PointFilter filter, List<LasFileInfo> headers) throws IOException {
    Map<String, LasFileInfo> known = new java.util.HashMap<>();
    headers.forEach(h -> known.put(h.uri(), h));
    List<PreparedFile> files = new ArrayList<>();
    long unitsTotal = 0;
    long bytesTotal = 0;
    int pages = 0;
    for (String uri : listFiles()) {
      try (Blob blob = store.open(uri)) {
        LasFileInfo info = known.get(uri);
        if (info == null || !info.identity().equals(blob.identity())) {
          info = LasFileInfo.read(blob);
        }
        PreparedFile file;
        if (options.copc()) {
          if (info.copc() == null) {
            throw new LasFormatException(uri + " is not a COPC file (its first VLR is not 'copc', record 1): read it"
                + " with format dataplug-las");
          }
          // Only the hierarchy pages that can hold wanted nodes are read, so totals count the pages seen.
          CopcHierarchy.Selection selection = CopcHierarchy.select(blob, info, filter, options.maxDepth());
          pages += selection.pagesRead();
          unitsTotal += selection.nodesSeen();
          bytesTotal += selection.bytesSeen();
          List<PointRun> runs = new ArrayList<>();
          for (CopcHierarchy.Node node : selection.nodes()) {
            runs.add(new PointRun(-1, node.pointCount(), node.offset(), node.byteSize(), 0, false,
                "node " + node.key()));
          }
          file = new PreparedFile(info, null, null, runs);
        } else {
          LidarIndex index = needsIndex(filter) ? indexes.loadOrBuild(blob, info) : indexes.loadIfValid(blob);
          List<PointRun> runs = index != null ? fromIndex(index, filter) : withoutIndex(blob, info);
          if (index != null) {
            unitsTotal += index.blocks().size();
            bytesTotal += index.blocks().stream().mapToLong(PointBlock::length).sum();
            checkCount(info, index);
          } else {
            unitsTotal += runs.size();
            bytesTotal += runs.stream().mapToLong(PointRun::length).sum();
          }
          file = new PreparedFile(info, index, index == null ? null : indexes.indexUriFor(uri), runs);
        }
        files.add(file);
      } catch (LasFormatException e) {
        if (!options.ignoreCorruptFiles()) {
          throw e;
        }
        warn("Skipping " + uri + " (ignoreCorruptFiles=true): " + e.getMessage());
      }
    }
    Tiles tiles = options.tileSize() > 0 && !options.copc() ? tiles(files, filter) : null;
    List<List<LidarSlice>> partitions = tiles != null ? tiles.partitions() : pack(files, filter);
    long unitsSelected = files.stream().mapToLong(f -> f.candidates().size()).sum();
    long bytesSelected = files.stream().flatMap(f -> f.candidates().stream()).mapToLong(PointRun::length).sum();
    return new Plan(partitions, files, List.copyOf(warnings), unitsTotal, unitsSelected, bytesTotal, bytesSelected,
        pages, tiles == null ? null : tiles.tiling());
  }

  private static void checkCount(LasFileInfo info, LidarIndex index) throws LasFormatException {
    if (index.pointCount() != info.header().pointCount()) {
      throw new LasFormatException("Point count mismatch in " + info.uri() + ": the header says "
          + info.header().pointCount() + " points, its index counts " + index.pointCount());
    }
  }

  /** Runs straight from the header (LAS) or the chunk table (LAZ): no point is decoded. */
  private List<PointRun> withoutIndex(Blob blob, LasFileInfo info) throws IOException {
    LasHeader header = info.header();
    List<PointRun> runs = new ArrayList<>();
    if (!info.compressed()) {
      // All the points as one range; packing cuts it to the partition size (splitForTarget).
      if (header.pointCount() > 0) {
        runs.add(new PointRun(0, header.pointCount(), header.offsetToPointData(),
            header.pointCount() * header.pointRecordLength(), 0, false, "points [0, " + header.pointCount() + ")"));
      }
    } else if (!info.laz().chunked()) {
      long end = LidarIndexBuilder.pointDataEnd(blob, header);
      runs.add(new PointRun(0, header.pointCount(), header.offsetToPointData(), end - header.offsetToPointData(), 0,
          false, "the point-wise compressed point data"));
    } else {
      LazChunkTable table = LazChunkTable.read(blob, info);
      long first = 0;
      for (int c = 0; c < table.size(); c++) {
        runs.add(new PointRun(first, table.pointCounts()[c], table.offsets()[c], table.byteLengths()[c], 0, false,
            "chunk " + c));
        first += table.pointCounts()[c];
      }
    }
    return runs;
  }

  private List<PointRun> fromIndex(LidarIndex index, PointFilter filter) {
    List<PointRun> runs = new ArrayList<>();
    List<PointBlock> blocks = index.blocks();
    for (int i = 0; i < blocks.size(); i++) {
      PointBlock block = blocks.get(i);
      if (block.pointCount() == 0 || (filter != null && !filter.mayIntersect(block.bounds()))) {
        continue;
      }
      String label = index.kind().equals("laz") ? "chunk " + i : "block " + i;
      runs.add(new PointRun(block.firstPoint(), block.pointCount(), block.offset(), block.length(), block.crc(), true,
          label));
    }
    return runs;
  }

  /** One run of one file: what the packer moves. */
  private record FileRun(PreparedFile file, PointRun run) {}

  /** Packs runs, file by file and in file order, into partitions of about the split size (small files together). */
  private List<List<LidarSlice>> pack(List<PreparedFile> files, PointFilter filter) {
    PartitionPacker packing = options.packing();
    long total = files.stream().flatMap(f -> f.candidates().stream()).mapToLong(PointRun::length).sum();
    long target = packing.target(total);
    List<FileRun> units = new ArrayList<>();
    for (PreparedFile file : files) {
      for (PointRun run : splitForTarget(file, target)) {
        units.add(new FileRun(file, run));
      }
    }
    List<List<LidarSlice>> partitions = new ArrayList<>();
    for (List<FileRun> group : packing.pack(units, u -> u.run().length(), u -> u.file().info().uri())) {
      partitions.add(slicesOf(group, filter, null));
    }
    String shortfall = packing.shortfall(partitions.size(), "the files");
    if (shortfall != null) {
      warn(shortfall + " (LAZ splits only between chunks, COPC between nodes)");
    }
    return partitions;
  }

  /** One partition's slices: a slice per file, of that file's consecutive runs. */
  private static List<LidarSlice> slicesOf(List<FileRun> runs, PointFilter filter, TileGroup tiles) {
    List<LidarSlice> slices = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= runs.size(); i++) {
      if (i == runs.size() || runs.get(i).file() != runs.get(from).file()) {
        slices.add(new LidarSlice(runs.get(from).file().info(), runs.subList(from, i).stream().map(FileRun::run).toList(),
            filter, tiles));
        from = i;
      }
    }
    return slices;
  }

  /** LAS ranges planned without an index are cut to the target size; chunks and nodes stay whole. */
  private static List<PointRun> splitForTarget(PreparedFile file, long target) {
    if (file.info().compressed() || file.index() != null) {
      return file.candidates();
    }
    int record = file.info().header().pointRecordLength();
    long perRun = Math.max(1, target / record);
    List<PointRun> out = new ArrayList<>();
    for (PointRun run : file.candidates()) {
      for (long done = 0; done < run.pointCount(); done += perRun) {
        long n = Math.min(perRun, run.pointCount() - done);
        long first = run.firstPoint() + done;
        out.add(new PointRun(first, n, run.offset() + done * record, n * record, 0, false,
            "points [" + first + ", " + (first + n) + ")"));
      }
    }
    return out;
  }

  /**
   * Spatial tiles of side {@code tileSize} over all files, grouped so that each block is decoded by as few tasks as
   * possible ({@link TileGrouping}): one partition per group, holding per file the blocks whose occupied cells touch
   * its tiles, and keeping exactly the points inside its tiles' half-open cells.
   */
  private Tiles tiles(List<PreparedFile> files, PointFilter filter) {
    double size = options.tileSize();
    TreeMap<TileCell, Integer> tileIndex = new TreeMap<>(ROW_THEN_COLUMN);
    List<FileRun> blocks = new ArrayList<>();
    List<LinkedHashSet<TileCell>> touchedByBlock = new ArrayList<>();
    for (PreparedFile file : files) {
      LidarIndex index = file.index();
      Map<Long, PointBlock> byFirstPoint = new java.util.HashMap<>();
      for (PointBlock block : index.blocks()) {
        byFirstPoint.put(block.firstPoint(), block);
      }
      for (PointRun run : file.candidates()) {
        LinkedHashSet<TileCell> touched = new LinkedHashSet<>();
        for (double[] rect : index.occupiedRectangles(byFirstPoint.get(run.firstPoint()))) {
          if (filter != null && !filter.mayIntersectXY(rect)) {
            continue;
          }
          for (long cx = TileCell.columnOf(rect[0], size); cx <= TileCell.columnOf(rect[2], size); cx++) {
            for (long cy = TileCell.rowOf(rect[1], size); cy <= TileCell.rowOf(rect[3], size); cy++) {
              touched.add(new TileCell(size, cx, cy));
            }
          }
        }
        if (!touched.isEmpty()) {
          blocks.add(new FileRun(file, run));
          touchedByBlock.add(touched);
          touched.forEach(t -> tileIndex.put(t, 0));
        }
      }
    }
    List<TileCell> cells = new ArrayList<>(tileIndex.keySet());
    for (int i = 0; i < cells.size(); i++) {
      tileIndex.put(cells.get(i), i);
    }
    long[] blockBytes = new long[blocks.size()];
    int[][] blockTiles = new int[blocks.size()][];
    long totalBytes = 0;
    for (int b = 0; b < blocks.size(); b++) {
      blockBytes[b] = blocks.get(b).run().length();
      blockTiles[b] = touchedByBlock.get(b).stream().mapToInt(tileIndex::get).toArray();
      totalBytes += blockBytes[b];
    }
    long target = options.packing().target(totalBytes);
    if (options.minTileGroups() > 0) {
      target = Math.min(target, Math.max(1, (totalBytes + options.minTileGroups() - 1) / options.minTileGroups()));
    }
    TileGrouping.Result grouping = TileGrouping.group(cells.size(), blockBytes, blockTiles, target);
    List<List<TileCell>> groupCells = new ArrayList<>();
    List<List<FileRun>> groupBlocks = new ArrayList<>();
    for (int g = 0; g < grouping.groups(); g++) {
      groupCells.add(new ArrayList<>());
      groupBlocks.add(new ArrayList<>());
    }
    for (int t = 0; t < cells.size(); t++) {
      groupCells.get(grouping.groupOfTile()[t]).add(cells.get(t));
    }
    for (int b = 0; b < blocks.size(); b++) {
      for (int t : blockTiles[b]) {
        List<FileRun> in = groupBlocks.get(grouping.groupOfTile()[t]);
        if (in.isEmpty() || in.get(in.size() - 1) != blocks.get(b)) {
          in.add(blocks.get(b)); // blocks go in file order, each once per group
        }
      }
    }
    List<List<LidarSlice>> partitions = new ArrayList<>();
    long pointsToDecode = 0;
    for (int g = 0; g < grouping.groups(); g++) {
      List<TileCell> own = groupCells.get(g);
      TileGroup group = new TileGroup(size, g, own.stream().mapToLong(TileCell::row).toArray(),
          own.stream().mapToLong(TileCell::column).toArray());
      partitions.add(slicesOf(groupBlocks.get(g), filter, group));
      pointsToDecode += groupBlocks.get(g).stream().mapToLong(r -> r.run().pointCount()).sum();
    }
    if (cells.size() > 1_000_000) {
      warn("tileSize " + size + " makes " + cells.size() + " tiles: choose a larger tileSize");
    }
    return new Tiles(partitions, new Tiling(cells.size(), partitions.size(), pointsToDecode,
        blocks.stream().mapToLong(r -> r.run().pointCount()).sum()));
  }

  private record Tiles(List<List<LidarSlice>> partitions, Tiling tiling) {}

  private synchronized void warn(String message) {
    LOG.warn(message);
    warnings.add(message);
  }
}
