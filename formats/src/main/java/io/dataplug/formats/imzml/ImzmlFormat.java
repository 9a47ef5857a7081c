package io.dataplug.formats.imzml;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.OptionSpec;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.storage.BlobStore;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code dataplug-imzml}: mass-spectrometry imaging, an {@code .imzML} (the spectra's metadata, XML) with its
 * {@code .ibd} (the binary arrays). The XML is parsed once into a sidecar index of spectra; partitions are runs of
 * whole spectra by bytes of {@code .ibd}; filters on x and y prune spectra before any read.
 */
public final class ImzmlFormat implements DataFormat {
  public static final OptionSpec<String> MZ_RANGE = OptionSpec.string("mzRange",
      "keep only m/z values in low:high (inclusive), with their intensities, for example 400.5:401.5");
  static final OptionSpec<Integer> BATCH_SIZE = CommonOptions.BATCH_SIZE.withDefault(256);

  private static final List<OptionSpec<?>> OPTIONS = List.of(CommonOptions.SPLIT_SIZE, CommonOptions.PARTITIONS,
      CommonOptions.INDEX, CommonOptions.INDEX_LOCATION, MZ_RANGE, BATCH_SIZE, CommonOptions.PATH_GLOB_FILTER,
      CommonOptions.RECURSIVE_FILE_LOOKUP, CommonOptions.IGNORE_CORRUPT_FILES, CommonOptions.INCLUDE_SOURCE_FILE,
      CommonOptions.ENABLE_VECTORIZED_READER);

  @Override
  public String displayName() {
    return "imzML";
  }

  @Override
  public List<String> shortNames() {
    return List.of("dataplug-imzml");
  }

  /** An XML document whose root element is mzML (the imaging terms come later than the first bytes). */
  @Override
  public boolean detect(byte[] head, int length) {
    String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
    return text.stripLeading().startsWith("<?xml") && (text.contains("<mzML") || text.contains("<indexedmzML"));
  }

  @Override
  public List<OptionSpec<?>> options() {
    return OPTIONS;
  }

  @Override
  public void validate(ReadOptions options) {
    if (options.given(MZ_RANGE)) {
      MzRange.parse(options.get(MZ_RANGE));
    }
  }

  @Override
  public FormatDataset open(BlobStore store, ReadOptions options) {
    return new ImzmlDataset(store, options);
  }
}
