package io.dataplug.formats.zarr;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.OptionSpec;
import io.dataplug.formats.storage.BlobStore;
import java.util.List;

/**
 * {@code dataplug-zarr}: a Zarr v2 store (a folder or key prefix holding one array or a group) as one row per cell;
 * partitions are runs of whole chunks, and the metadata is the index.
 */
public final class ZarrFormat implements DataFormat {
  public static final OptionSpec<String> ARRAY = OptionSpec.string("array",
      "the array to read (its path inside the store); default: the arrays that share the dimensions of the"
          + " highest-dimensional one, as xarray's to_dataframe");

  /** The row shapes: a row per cell, or a row per chunk with each array's values flattened (for tensors). */
  public enum Layout { CELLS, CHUNKS }

  public static final OptionSpec<Layout> LAYOUT = OptionSpec.choice("layout", Layout.class, Layout.CELLS,
      "cells: a row per element, a column per dimension and per array; chunks: a row per chunk with its index, origin"
          + " and shape and each array's values flattened in C order");
  /** Who decodes Blosc chunks: c-blosc where the host has it, else this project's decoder; or one named. */
  public enum BloscEngine {
    AUTO, JAVA, LIBBLOSC;

    /** The engine that runs for {@code auto} in this JVM, or this engine itself. */
    BloscEngine resolve() {
      return this != AUTO ? this : LibBlosc.available() ? LIBBLOSC : JAVA;
    }

    /** Throws when this engine is named but cannot run here, saying why and what to do. */
    void requireUsable() {
      if (this == LIBBLOSC && !LibBlosc.available()) {
        throw new IllegalArgumentException("Invalid value 'libblosc' for option blosc: " + LibBlosc.status()
            + "; or use blosc auto (c-blosc where present, else the Java decoder)");
      }
    }

    /** How plan strings name it: the engine, and for auto the one it picks in this JVM. */
    String planText() {
      String name = name().toLowerCase(java.util.Locale.ROOT);
      return this == AUTO ? name + " (" + resolve().name().toLowerCase(java.util.Locale.ROOT) + " here)" : name;
    }
  }

  public static final OptionSpec<BloscEngine> BLOSC = OptionSpec.choice("blosc", BloscEngine.class, BloscEngine.AUTO,
      "Blosc decoder: auto (the host's c-blosc, Debian libblosc1, where it loads and passes a self-test, else java),"
          + " java (this project's decoder) or libblosc; an engine named that cannot run is an error");
  public static final OptionSpec<Boolean> DECODE_CF = OptionSpec.bool("decodeCF", true,
      "apply the CF conventions xarray applies: _FillValue, missing_value and the fill value to null, scale_factor"
          + " and add_offset, time units to timestamps; false reads values as stored");

  private static final List<OptionSpec<?>> OPTIONS = List.of(CommonOptions.SPLIT_SIZE, CommonOptions.PARTITIONS,
      ARRAY, LAYOUT, DECODE_CF, CommonOptions.INFLATER, BLOSC, CommonOptions.BATCH_SIZE,
      CommonOptions.ENABLE_VECTORIZED_READER);

  @Override
  public String displayName() {
    return "Zarr";
  }

  @Override
  public List<String> shortNames() {
    return List.of("dataplug-zarr");
  }

  /** A store is a folder, not a file: it is never detected from a file's first bytes. */
  @Override
  public boolean detect(byte[] head, int length) {
    return false;
  }

  @Override
  public List<OptionSpec<?>> options() {
    return OPTIONS;
  }

  @Override
  public void validate(io.dataplug.formats.api.ReadOptions options) {
    options.get(CommonOptions.INFLATER).requireWholeBuffer("Zarr's zlib chunks");
    options.get(BLOSC).requireUsable();
  }

  @Override
  public FormatDataset open(BlobStore store, io.dataplug.formats.api.ReadOptions options) {
    return new ZarrDataset(store, options, false);
  }
}
