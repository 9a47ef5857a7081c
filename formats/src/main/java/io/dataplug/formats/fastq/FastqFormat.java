package io.dataplug.formats.fastq;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.OptionSpec;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.gzip.InflateEngines;
import io.dataplug.formats.index.RecordScanner;
import io.dataplug.formats.index.RecordSync;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.text.PlainSplits;
import io.dataplug.formats.text.TextRecords;
import java.io.IOException;
import java.util.List;

/**
 * FASTQ as a format: plain, gzip (single- and multi-member) or BGZF, told apart by content; 4-line, wrapped and
 * CRLF records. Split through a checkpoint index ({@code .NAME.dpidx}); plain files can also be split without one at
 * verified record starts. The schema comes from the options alone, so it reads no data.
 */
public final class FastqFormat implements DataFormat, TextRecords {
  /** The index kind of FASTQ sidecars. */
  public static final String NAME = "fastq";

  public static final OptionSpec<Boolean> INCLUDE_ORDINAL = OptionSpec.bool("includeOrdinal", false,
      "add the column ordinal, the 0-based record number in its file (needs an index)");

  public static final OptionSpec<String> MATE2 = OptionSpec.string("mate2",
      "paired-end reads: mate 2's file (or a glob, paired with the paths one to one in sorted order); rows are"
          + " pairs read1, read2 and ordinal");
  public static final OptionSpec<QualityEncoding> QUALITY_ENCODING = OptionSpec.choice("qualityEncoding",
      QualityEncoding.class, QualityEncoding.AUTO, "auto: quality as written (the offset detected is in the plan and"
          + " the log); phred33: checked; phred64: converted to +33");

  private static final List<OptionSpec<?>> OPTIONS = List.of(CommonOptions.SPLIT_SIZE, CommonOptions.PARTITIONS,
      CommonOptions.INDEX, CommonOptions.INDEX_LOCATION, CommonOptions.CHECKPOINT_SPAN, CommonOptions.INDEX_BUILD,
      CommonOptions.INFLATER,
      CommonOptions.BATCH_SIZE, CommonOptions.PATH_GLOB_FILTER, CommonOptions.RECURSIVE_FILE_LOOKUP, CommonOptions.IGNORE_CORRUPT_FILES,
      CommonOptions.INCLUDE_SOURCE_FILE, CommonOptions.ENABLE_VECTORIZED_READER, INCLUDE_ORDINAL, MATE2,
      QUALITY_ENCODING);

  @Override
  public String displayName() {
    return "FASTQ";
  }

  @Override
  public List<String> shortNames() {
    return List.of("dataplug-fastq", "dataplug-fastqgz");
  }

  @Override
  public List<OptionSpec<?>> options() {
    return OPTIONS;
  }

  /** A FASTQ file starts with '@', also once decompressed (gzip and BGZF). */
  @Override
  public boolean detect(byte[] head, int length) {
    return Formats.decodedStartsWith(head, length, new byte[] {'@'});
  }

  @Override
  public void validate(ReadOptions options) {
    InflateEngines.requireUsable(options.get(CommonOptions.INFLATER));
    if (options.get(MATE2) != null && (options.get(INCLUDE_ORDINAL) || options.get(CommonOptions.INCLUDE_SOURCE_FILE))) {
      throw new IllegalArgumentException("Option mate2 reads pairs, whose rows always carry ordinal and no"
          + " sourceFile: drop includeOrdinal and includeSourceFile");
    }
  }

  @Override
  public FormatDataset open(BlobStore store, ReadOptions options) {
    return new FastqDataset(store, options);
  }

  @Override
  public RecordScanner scanner(String uri) {
    return new FastqScanner(uri);
  }

  @Override
  public RecordSync recordSync() {
    return new FastqSync();
  }

  @Override
  public String indexKind() {
    return NAME;
  }

  @Override
  public String splitPlainNeeds() {
    return "strict 4-line FASTQ records";
  }

  /** Cut where {@link FastqSplitGuesser} verifies strict four-line records; a file must start with one. */
  @Override
  public List<FileSlice> splitPlain(Blob blob, long splitSize) throws IOException {
    long length = blob.length();
    if (length <= splitSize) {
      return List.of(FileSlice.plainRange(blob.uri(), blob.identity(), 0, length));
    }
    if (FastqSplitGuesser.recordStartAtOrAfter(blob, 0) != 0) {
      return null;
    }
    return PlainSplits.cut(blob, 0, splitSize, FastqSplitGuesser::recordStartAtOrAfter);
  }
}
