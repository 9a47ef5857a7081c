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

import io.dataplug.formats.fastq.FastqColumn;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.index.SidecarIndexes;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * Every read option of the FASTQ sources, parsed and checked in one place. Bad values fail with a message that
 * names the option, the value and what is allowed.
 */
final class FastqReadOptions implements Serializable {
  static final String CHECKPOINT_SPAN = "checkpointSpan";
  static final String INCLUDE_ORDINAL = "includeOrdinal";

  static final int DEFAULT_BATCH_SIZE = 4096;
  private static final List<String> KNOWN = List.of(PATH, PATHS, SPLIT_SIZE, PARTITIONS, INDEX, INDEX_LOCATION,
      CHECKPOINT_SPAN, BATCH_SIZE, PATH_GLOB_FILTER, RECURSIVE_FILE_LOOKUP, IGNORE_CORRUPT_FILES, INCLUDE_SOURCE_FILE,
      ENABLE_VECTORIZED_READER, INCLUDE_ORDINAL);

  final List<String> paths;
  final long splitSize;
  /** Spark's spark.sql.files.openCostInBytes, for packing small files. */
  final long openCost;
  /** Target partition count, or 0 when sizing by {@link #splitSize}. */
  final int partitions;
  final SidecarIndexes.Mode indexMode;
  final String indexLocation;
  final long checkpointSpan;
  final boolean checkpointSpanGiven;
  final int batchSize;
  final String pathGlobFilter;
  final boolean recursiveFileLookup;
  final boolean ignoreCorruptFiles;
  final boolean includeSourceFile;
  /** Columnar batches (the default) or rows; rows exist to measure what columnar reading saves. */
  final boolean vectorized;
  final boolean includeOrdinal;

  FastqReadOptions(CaseInsensitiveStringMap options) {
    paths = OptionValues.parsePaths(options);
    splitSize = OptionValues.splitSize(options);
    openCost = OptionValues.sessionOpenCostInBytes();
    partitions = OptionValues.partitions(options);
    indexMode = OptionValues.indexMode(options);
    indexLocation = options.get(INDEX_LOCATION);
    checkpointSpanGiven = options.containsKey(CHECKPOINT_SPAN);
    checkpointSpan = checkpointSpanGiven ? OptionValues.bytes(options, CHECKPOINT_SPAN) : IndexBuilder.DEFAULT_SPAN;
    if (checkpointSpan < 4096) {
      throw new IllegalArgumentException("Option checkpointSpan must be at least 4k, got '" + options.get(CHECKPOINT_SPAN) + "'");
    }
    batchSize = options.containsKey(BATCH_SIZE) ? OptionValues.positiveInt(options, BATCH_SIZE) : DEFAULT_BATCH_SIZE;
    pathGlobFilter = options.get(PATH_GLOB_FILTER);
    recursiveFileLookup = OptionValues.bool(options, RECURSIVE_FILE_LOOKUP);
    ignoreCorruptFiles = OptionValues.bool(options, IGNORE_CORRUPT_FILES);
    includeSourceFile = OptionValues.bool(options, INCLUDE_SOURCE_FILE);
    vectorized = OptionValues.bool(options, ENABLE_VECTORIZED_READER, true);
    includeOrdinal = OptionValues.bool(options, INCLUDE_ORDINAL);
    OptionValues.rejectUnknown(options, KNOWN, "FASTQ");
  }

  /** The columns of the source's schema, in order. */
  List<FastqColumn> columns() {
    List<FastqColumn> columns = new ArrayList<>(List.of(FastqColumn.NAME, FastqColumn.DESCRIPTION,
        FastqColumn.SEQUENCE, FastqColumn.QUALITY));
    if (includeSourceFile) {
      columns.add(FastqColumn.SOURCE_FILE);
    }
    if (includeOrdinal) {
      columns.add(FastqColumn.ORDINAL);
    }
    return columns;
  }
}
