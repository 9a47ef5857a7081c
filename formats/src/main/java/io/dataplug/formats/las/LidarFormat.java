package io.dataplug.formats.las;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.OptionSpec;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.storage.BlobStore;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * LAS and LAZ point clouds ({@link Las}) and COPC ({@link Copc}): the schema is the union of the files' dimensions
 * with PDAL's names, read from their headers; partitions are point ranges, LAZ chunk runs, COPC octree nodes or
 * spatial tiles; comparisons on X, Y and Z prune blocks through the index.
 */
public abstract class LidarFormat implements DataFormat {
  public static final OptionSpec<Integer> BLOCK_POINTS = OptionSpec.integer("blockPoints",
      LidarIndexBuilder.DEFAULT_BLOCK_POINTS, 1, "LAS records per index block");
  public static final OptionSpec<Double> TILE_SIZE = OptionSpec.positiveNumber("tileSize",
      "plan one partition per square tile of this side, in the files' coordinate units",
      "in the files' coordinate units, for example 100 for 100 m tiles");
  public static final OptionSpec<Integer> MAX_DEPTH = OptionSpec.integer("maxDepth", null, 0,
      "deepest COPC octree level to read (0: the root node only); default all");
  public static final OptionSpec<Boolean> INCLUDE_POINT_INDEX = OptionSpec.bool("includePointIndex", false,
      "add the column pointIndex, the point's position in its file");
  public static final OptionSpec<LazDecoder> LAZ_DECODER = OptionSpec.choice("lazDecoder", LazDecoder.class,
      LazDecoder.AUTO, "LAZ decoder: auto (this project's for point formats 0 to 3 and 6 to 8, laszip4j for the rest), dataplug"
          + " (an error for a file it does not cover) or laszip4j (wrong extra bytes in formats 0 to 5)");
  static final OptionSpec<Integer> BATCH_SIZE = CommonOptions.BATCH_SIZE.withDefault(8192);

  private final String displayName;
  private final String shortName;
  private final List<OptionSpec<?>> options;
  private final boolean copc;

  private LidarFormat(String displayName, String shortName, List<OptionSpec<?>> options, boolean copc) {
    this.displayName = displayName;
    this.shortName = shortName;
    this.options = options;
    this.copc = copc;
  }

  boolean copc() {
    return copc;
  }

  @Override
  public String displayName() {
    return displayName;
  }

  @Override
  public List<String> shortNames() {
    return List.of(shortName);
  }

  @Override
  public List<OptionSpec<?>> options() {
    return options;
  }

  @Override
  public FormatDataset open(BlobStore store, ReadOptions options) {
    return new LidarDataset(this, store, options);
  }

  static boolean isLas(byte[] head, int length) {
    return length >= 4 && new String(head, 0, 4, StandardCharsets.US_ASCII).equals("LASF");
  }

  /** The first VLR's user ID is "copc" (COPC 1.0: the info VLR comes first, right after the header). */
  static boolean isCopc(byte[] head, int length) {
    if (!isLas(head, length) || length < 96) {
      return false;
    }
    int headerSize = (head[94] & 0xFF) | (head[95] & 0xFF) << 8;
    int userId = headerSize + 2;
    return length >= userId + 4 && new String(head, userId, 4, StandardCharsets.US_ASCII).equals("copc");
  }

  /** {@code dataplug-las}: LAS and LAZ, told apart by content; COPC files read here as plain LAZ. */
  public static final class Las extends LidarFormat {
    public Las() {
      super("LAS/LAZ", "dataplug-las", List.of(CommonOptions.SPLIT_SIZE, CommonOptions.PARTITIONS,
          CommonOptions.INDEX, CommonOptions.INDEX_LOCATION, BLOCK_POINTS, TILE_SIZE, BATCH_SIZE, LAZ_DECODER,
          CommonOptions.PATH_GLOB_FILTER, CommonOptions.RECURSIVE_FILE_LOOKUP, CommonOptions.IGNORE_CORRUPT_FILES,
          CommonOptions.INCLUDE_SOURCE_FILE, CommonOptions.ENABLE_VECTORIZED_READER, INCLUDE_POINT_INDEX), false);
    }

    @Override
    public boolean detect(byte[] head, int length) {
      return isLas(head, length);
    }
  }

  /** {@code dataplug-copc}: split by octree nodes read from the hierarchy lazily; {@code maxDepth} keeps coarse levels. */
  public static final class Copc extends LidarFormat {
    public Copc() {
      super("COPC", "dataplug-copc", List.of(CommonOptions.SPLIT_SIZE, CommonOptions.PARTITIONS, MAX_DEPTH,
          BATCH_SIZE, LAZ_DECODER, CommonOptions.PATH_GLOB_FILTER, CommonOptions.RECURSIVE_FILE_LOOKUP,
          CommonOptions.IGNORE_CORRUPT_FILES, CommonOptions.INCLUDE_SOURCE_FILE,
          CommonOptions.ENABLE_VECTORIZED_READER, INCLUDE_POINT_INDEX), true);
    }

    @Override
    public boolean detect(byte[] head, int length) {
      return isCopc(head, length);
    }
  }
}
