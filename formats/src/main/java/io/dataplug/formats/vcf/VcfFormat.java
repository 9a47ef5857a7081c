package io.dataplug.formats.vcf;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.OptionSpec;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.codec.DecodedInputStream;
import io.dataplug.formats.codec.PlainSource;
import io.dataplug.formats.gzip.InflateEngines;
import io.dataplug.formats.index.RecordScanner;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.text.PlainSplits;
import io.dataplug.formats.text.TextRecords;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * VCF 4.0 to 4.4 as a format: plain, gzip (single- or multi-member) or BGZF, told apart by content. Split through a
 * checkpoint index ({@code .NAME.dpidx}); plain files also without one, at line starts. BCF is not read.
 */
public final class VcfFormat implements DataFormat, TextRecords {
  /** The index kind of VCF sidecars. */
  public static final String NAME = "vcf";

  /** What a malformed line does. */
  public enum Stringency { STRICT, LENIENT, SILENT }

  public static final OptionSpec<Boolean> FLATTEN_INFO_FIELDS = OptionSpec.bool("flattenInfoFields", true,
      "one column INFO_<key> per INFO key, typed from the headers; false: one map column attributes of strings");
  public static final OptionSpec<Boolean> INCLUDE_SAMPLE_IDS = OptionSpec.bool("includeSampleIds", true,
      "add sampleId to each genotype");
  public static final OptionSpec<String> SAMPLES = OptionSpec.string("samples",
      "comma-separated sample names: genotypes keep only these samples");
  public static final OptionSpec<Stringency> VALIDATION_STRINGENCY = OptionSpec.choice("validationStringency",
      Stringency.class, Stringency.STRICT, "strict: a malformed line is an error naming file and line; lenient: it"
          + " is skipped with a warning and counted; silent: skipped and counted");

  private static final List<OptionSpec<?>> OPTIONS = List.of(CommonOptions.SPLIT_SIZE, CommonOptions.PARTITIONS,
      CommonOptions.INDEX, CommonOptions.INDEX_LOCATION, CommonOptions.CHECKPOINT_SPAN, CommonOptions.INFLATER,
      CommonOptions.BATCH_SIZE, CommonOptions.PATH_GLOB_FILTER, CommonOptions.RECURSIVE_FILE_LOOKUP, CommonOptions.IGNORE_CORRUPT_FILES,
      CommonOptions.INCLUDE_SOURCE_FILE, CommonOptions.ENABLE_VECTORIZED_READER, FLATTEN_INFO_FIELDS,
      INCLUDE_SAMPLE_IDS, SAMPLES, VALIDATION_STRINGENCY);

  private static final byte[] MAGIC = "##fileformat=VCF".getBytes(StandardCharsets.US_ASCII);
  /** Bytes looked at around a cut of a plain file to find the next line start (more when a line is longer). */
  private static final int WINDOW = 64 * 1024;

  @Override
  public String displayName() {
    return "VCF";
  }

  @Override
  public List<String> shortNames() {
    return List.of("dataplug-vcf");
  }

  @Override
  public List<OptionSpec<?>> options() {
    return OPTIONS;
  }

  @Override
  public void validate(ReadOptions options) {
    InflateEngines.requireUsable(options.get(CommonOptions.INFLATER));
  }

  /** A VCF file starts with ##fileformat=VCF, also once decompressed (gzip and BGZF). */
  @Override
  public boolean detect(byte[] head, int length) {
    return Formats.decodedStartsWith(head, length, MAGIC);
  }

  @Override
  public FormatDataset open(BlobStore store, ReadOptions options) {
    return new VcfDataset(store, options, this);
  }

  @Override
  public String indexKind() {
    return NAME;
  }

  @Override
  public RecordScanner scanner(String uri) {
    return new VcfScanner(uri);
  }

  @Override
  public String splitPlainNeeds() {
    return "VCF line starts";
  }

  /** Any line start after the header starts a record. */
  @Override
  public List<FileSlice> splitPlain(Blob blob, long splitSize) throws IOException {
    long headerBytes;
    try (InputStream in = new DecodedInputStream(new PlainSource(blob, 0, blob.length()))) {
      headerBytes = VcfHeader.read(blob.uri(), in).headerBytes();
    }
    if (headerBytes >= blob.length()) {
      return List.of();
    }
    return PlainSplits.cut(blob, headerBytes, splitSize, VcfFormat::lineStartAtOrAfter);
  }

  static long lineStartAtOrAfter(Blob blob, long offset) throws IOException {
    long length = blob.length();
    long at = offset - 1;
    byte[] b = new byte[WINDOW];
    while (at < length) {
      int n = (int) Math.min(b.length, length - at);
      blob.readFully(at, b, 0, n);
      for (int i = 0; i < n; i++) {
        if (b[i] == '\n') {
          return at + i + 1;
        }
      }
      at += n;
    }
    return length;
  }
}
