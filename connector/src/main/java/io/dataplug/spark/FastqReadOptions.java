package io.dataplug.spark;

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
  static final String PATH = "path";
  static final String PATHS = "paths";
  static final String SPLIT_SIZE = "splitSize";
  static final String PARTITIONS = "partitions";
  static final String INDEX = "index";
  static final String INDEX_LOCATION = "indexLocation";
  static final String CHECKPOINT_SPAN = "checkpointSpan";
  static final String BATCH_SIZE = "batchSize";
  static final String PATH_GLOB_FILTER = "pathGlobFilter";
  static final String RECURSIVE_FILE_LOOKUP = "recursiveFileLookup";
  static final String IGNORE_CORRUPT_FILES = "ignoreCorruptFiles";
  static final String INCLUDE_SOURCE_FILE = "includeSourceFile";
  static final String INCLUDE_ORDINAL = "includeOrdinal";

    static final int DEFAULT_BATCH_SIZE = 4096;
  private static final List<String> KNOWN = List.of(PATH, PATHS, SPLIT_SIZE, PARTITIONS, INDEX, INDEX_LOCATION,
      CHECKPOINT_SPAN, BATCH_SIZE, PATH_GLOB_FILTER, RECURSIVE_FILE_LOOKUP, IGNORE_CORRUPT_FILES, INCLUDE_SOURCE_FILE,
      INCLUDE_ORDINAL);

  final List<String> paths;
  final long splitSize;
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
  final boolean includeOrdinal;

  FastqReadOptions(CaseInsensitiveStringMap options) {
    paths = OptionValues.parsePaths(options);
    splitSize = OptionValues.splitSize(options);
    partitions = OptionValues.partitions(options);
    indexMode = options.containsKey(INDEX) ? SidecarIndexes.Mode.parse(options.get(INDEX)) : SidecarIndexes.Mode.AUTO;
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
