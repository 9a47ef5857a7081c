package io.dataplug.formats.api;

import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.index.IndexBuild;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.index.IndexMode;

/**
 * The options every format may take, declared once with their defaults. A format lists the ones it accepts (with
 * its own default where it differs, such as {@link #BATCH_SIZE}) beside its own options.
 */
public final class CommonOptions {
  /** Spark's default for {@code spark.sql.files.maxPartitionBytes}. */
  public static final long DEFAULT_SPLIT_SIZE = 128L << 20;
  /** Spark's default for {@code spark.sql.files.openCostInBytes}. */
  public static final long DEFAULT_OPEN_COST = 4L << 20;
  public static final String MAX_PARTITION_BYTES_SETTING = "spark.sql.files.maxPartitionBytes";
  public static final String OPEN_COST_SETTING = "spark.sql.files.openCostInBytes";
  /** The engine's parallelism for planning: Spark's minimum partition count, by default its cores. */
  public static final String MIN_PARTITIONS_SETTING = "spark.sql.files.minPartitionNum";

  public static final OptionSpec<Long> SPLIT_SIZE = OptionSpec.bytes("splitSize", DEFAULT_SPLIT_SIZE, 1,
      "bytes per partition (uncompressed for text formats); suffixes k, m, g").withEngineSetting(
      MAX_PARTITION_BYTES_SETTING);
  public static final OptionSpec<Integer> PARTITIONS = OptionSpec.integer("partitions", null, 1,
      "a target partition count instead of splitSize; giving both is an error");
  public static final OptionSpec<IndexMode> INDEX = OptionSpec.choice("index", IndexMode.class, IndexMode.AUTO,
      "auto: build a missing index, rebuild a stale one with a warning; require: missing or stale is an error;"
          + " rebuild: always build anew");
  public static final OptionSpec<String> INDEX_LOCATION = OptionSpec.string("indexLocation",
      "a URI prefix to keep indexes under (the file's URI is mirrored below it); default beside the file");
  public static final OptionSpec<Long> CHECKPOINT_SPAN = OptionSpec.bytes("checkpointSpan", IndexBuilder.DEFAULT_SPAN,
      4096, "uncompressed bytes between checkpoints of new indexes (at least 4k); in auto mode, giving it rebuilds"
          + " indexes with another span");
  public static final OptionSpec<IndexBuild> INDEX_BUILD = OptionSpec.choice("indexBuild", IndexBuild.class,
      IndexBuild.AUTO, "how a missing index of a large gzip file is built: auto (in parallel chunks, as tasks, when"
          + " the engine has three or more workers, five where ISA-L decodes the one pass), parallel (in chunks with two or"
          + " more), sequential (one pass)");
  public static final OptionSpec<InflaterEngine> INFLATER = OptionSpec.choice("inflater", InflaterEngine.class,
      InflaterEngine.AUTO, "DEFLATE engine: auto (gzip readers: ISA-L, else libdeflate where the host has them; COG and"
          + " Zarr: libdeflate; else the JDK's zlib), jdk, libdeflate, isal (ISA-L, gzip readers only) or java (the"
          + " pure-Java decoder, gzip readers only); an engine named that cannot run is an error");
  public static final OptionSpec<Integer> BATCH_SIZE = OptionSpec.integer("batchSize", 4096, 1,
      "rows per Arrow batch");
  public static final OptionSpec<String> PATH_GLOB_FILTER = OptionSpec.string("pathGlobFilter",
      "only files whose name matches this glob");
  public static final OptionSpec<Boolean> RECURSIVE_FILE_LOOKUP = OptionSpec.bool("recursiveFileLookup", false,
      "descend into subdirectories");
  public static final OptionSpec<Boolean> IGNORE_CORRUPT_FILES = OptionSpec.bool("ignoreCorruptFiles", false,
      "skip files that cannot be read (corrupt, truncated, another format), with a warning");
  public static final OptionSpec<Boolean> INCLUDE_SOURCE_FILE = OptionSpec.bool("includeSourceFile", false,
      "add the column sourceFile");
  public static final OptionSpec<Boolean> ENABLE_VECTORIZED_READER = OptionSpec.bool("enableVectorizedReader", true,
      "false hands the engine rows instead of Arrow batches (named after Spark's Parquet setting)");

  private CommonOptions() {}
}
