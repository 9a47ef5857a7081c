package io.dataplug.spark;

import static io.dataplug.spark.OptionValues.BATCH_SIZE;
import static io.dataplug.spark.OptionValues.ENABLE_VECTORIZED_READER;
import static io.dataplug.spark.OptionValues.IGNORE_CORRUPT_FILES;
import static io.dataplug.spark.OptionValues.INCLUDE_SOURCE_FILE;
import static io.dataplug.spark.OptionValues.INDEX;
import static io.dataplug.spark.OptionValues.INDEX_LOCATION;
import static io.dataplug.spark.OptionValues.PARTITIONS;
import static io.dataplug.spark.OptionValues.PATH;
import static io.dataplug.spark.OptionValues.PATHS;
import static io.dataplug.spark.OptionValues.PATH_GLOB_FILTER;
import static io.dataplug.spark.OptionValues.RECURSIVE_FILE_LOOKUP;
import static io.dataplug.spark.OptionValues.SPLIT_SIZE;

import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.las.LidarIndexBuilder;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** Every read option of the LiDAR sources ({@code dataplug-las}, {@code dataplug-copc}), parsed and checked here. */
final class LidarReadOptions implements Serializable {
  static final String BLOCK_POINTS = "blockPoints";
  static final String TILE_SIZE = "tileSize";
  static final String MAX_DEPTH = "maxDepth";
  static final String INCLUDE_POINT_INDEX = "includePointIndex";

  static final int DEFAULT_BATCH_SIZE = 8192;
  private static final List<String> LAS_OPTIONS = List.of(PATH, PATHS, SPLIT_SIZE, PARTITIONS, INDEX, INDEX_LOCATION,
      BLOCK_POINTS, TILE_SIZE, BATCH_SIZE, PATH_GLOB_FILTER, RECURSIVE_FILE_LOOKUP, IGNORE_CORRUPT_FILES,
      INCLUDE_SOURCE_FILE, ENABLE_VECTORIZED_READER, INCLUDE_POINT_INDEX);
  private static final List<String> COPC_OPTIONS = List.of(PATH, PATHS, SPLIT_SIZE, PARTITIONS, MAX_DEPTH, BATCH_SIZE,
      PATH_GLOB_FILTER, RECURSIVE_FILE_LOOKUP, IGNORE_CORRUPT_FILES, INCLUDE_SOURCE_FILE);

  final boolean copc;
  final List<String> paths;
  final long splitSize;
  /** Spark's spark.sql.files.openCostInBytes, for packing small files. */
  final long openCost;
  final int partitions;
  final SidecarIndexes.Mode indexMode;
  final String indexLocation;
  final int blockPoints;
  final boolean blockPointsGiven;
  /** Side of the spatial tiles, or 0 for no tiling. */
  final double tileSize;
  /** Deepest COPC octree level to read, or -1 for all. */
  final int maxDepth;
  final int batchSize;
  final String pathGlobFilter;
  final boolean recursiveFileLookup;
  final boolean ignoreCorruptFiles;
  final boolean includeSourceFile;
  /** Columnar batches (the default) or rows; rows exist to measure what columnar reading saves. */
  final boolean vectorized;
  final boolean includePointIndex;

  LidarReadOptions(CaseInsensitiveStringMap options, boolean copc) {
    this.copc = copc;
    OptionValues.rejectUnknown(options, copc ? COPC_OPTIONS : LAS_OPTIONS, copc ? "COPC" : "LAS/LAZ");
    paths = OptionValues.parsePaths(options);
    splitSize = OptionValues.splitSize(options);
    openCost = OptionValues.sessionOpenCostInBytes();
    partitions = OptionValues.partitions(options);
    indexMode = OptionValues.indexMode(options);
    indexLocation = options.get(INDEX_LOCATION);
    blockPointsGiven = options.containsKey(BLOCK_POINTS);
    blockPoints = blockPointsGiven ? OptionValues.positiveInt(options, BLOCK_POINTS)
        : LidarIndexBuilder.DEFAULT_BLOCK_POINTS;
    tileSize = options.containsKey(TILE_SIZE) ? positiveDouble(options, TILE_SIZE) : 0;
    maxDepth = options.containsKey(MAX_DEPTH) ? nonNegativeInt(options, MAX_DEPTH) : -1;
    batchSize = options.containsKey(BATCH_SIZE) ? OptionValues.positiveInt(options, BATCH_SIZE) : DEFAULT_BATCH_SIZE;
    pathGlobFilter = options.get(PATH_GLOB_FILTER);
    recursiveFileLookup = OptionValues.bool(options, RECURSIVE_FILE_LOOKUP);
    ignoreCorruptFiles = OptionValues.bool(options, IGNORE_CORRUPT_FILES);
    includeSourceFile = OptionValues.bool(options, INCLUDE_SOURCE_FILE);
    vectorized = OptionValues.bool(options, ENABLE_VECTORIZED_READER, true);
    includePointIndex = OptionValues.bool(options, INCLUDE_POINT_INDEX);
  }

  private static double positiveDouble(CaseInsensitiveStringMap options, String key) {
    String value = options.get(key);
    try {
      double v = Double.parseDouble(value.trim());
      if (v > 0 && Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("Invalid value '" + value + "' for option " + key
        + ": use a positive number in the files' coordinate units (for example 100 for 100 m tiles)");
  }

  private static int nonNegativeInt(CaseInsensitiveStringMap options, String key) {
    String value = options.get(key);
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("Invalid value '" + value + "' for option " + key
        + ": use an octree depth, 0 (the root node only) or more");
  }
}
