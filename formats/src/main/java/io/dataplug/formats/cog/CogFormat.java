package io.dataplug.formats.cog;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.OptionSpec;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.storage.BlobStore;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dataplug-cog}: Cloud-Optimized GeoTIFFs and any tiled GeoTIFF or BigTIFF, one row per tile of one
 * resolution level; partitions are sets of whole tiles planned from the IFDs; filters on the tile bounds prune
 * tiles before any read.
 */
public final class CogFormat implements DataFormat {
  public static final OptionSpec<Integer> OVERVIEW = OptionSpec.integer("overview", null, 0,
      "resolution level to read: 0 the full image, 1 and up its overviews (largest first); default 0");
  public static final OptionSpec<Double> RESOLUTION = OptionSpec.positiveNumber("resolution",
      "read the level whose pixel size is nearest this, in CRS units per pixel", "for example 10 for 10 m pixels");
  public static final OptionSpec<String> BANDS = OptionSpec.string("bands",
      "comma-separated 1-based band numbers to keep, for example 1,3; default all");
  static final OptionSpec<Integer> BATCH_SIZE = CommonOptions.BATCH_SIZE.withDefault(16);

  private static final List<OptionSpec<?>> OPTIONS = List.of(CommonOptions.SPLIT_SIZE, CommonOptions.PARTITIONS,
      OVERVIEW, RESOLUTION, BANDS, CommonOptions.INFLATER, BATCH_SIZE, CommonOptions.PATH_GLOB_FILTER, CommonOptions.RECURSIVE_FILE_LOOKUP,
      CommonOptions.IGNORE_CORRUPT_FILES, CommonOptions.INCLUDE_SOURCE_FILE, CommonOptions.ENABLE_VECTORIZED_READER);

  @Override
  public String displayName() {
    return "COG";
  }

  @Override
  public List<String> shortNames() {
    return List.of("dataplug-cog");
  }

  /** TIFF (II*\0, MM\0*) or BigTIFF (II+\0, MM\0+). */
  @Override
  public boolean detect(byte[] head, int length) {
    if (length < 4) {
      return false;
    }
    boolean little = head[0] == 'I' && head[1] == 'I' && head[3] == 0 && (head[2] == 42 || head[2] == 43);
    boolean big = head[0] == 'M' && head[1] == 'M' && head[2] == 0 && (head[3] == 42 || head[3] == 43);
    return little || big;
  }

  @Override
  public List<OptionSpec<?>> options() {
    return OPTIONS;
  }

  @Override
  public void validate(ReadOptions options) {
    if (options.given(OVERVIEW) && options.given(RESOLUTION)) {
      throw new IllegalArgumentException("Give overview or resolution, not both: overview picks a level by number,"
          + " resolution by pixel size");
    }
    options.get(CommonOptions.INFLATER).requireWholeBuffer("COG tiles");
    if (options.given(BANDS)) {
      bands(options.get(BANDS));
    }
  }

  /** The 1-based band numbers of the {@code bands} option, in the order given. */
  static int[] bands(String text) {
    List<Integer> out = new ArrayList<>();
    for (String part : text.split(",")) {
      try {
        int band = Integer.parseInt(part.trim());
        if (band < 1) {
          throw new NumberFormatException();
        }
        out.add(band);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Invalid value '" + text + "' for option bands: use comma-separated band"
            + " numbers from 1, for example 1,3");
      }
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public FormatDataset open(BlobStore store, ReadOptions options) {
    return new CogDataset(store, options);
  }
}
