package io.dataplug.formats.zarr;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.OptionSpec;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.storage.BlobStore;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dataplug-kerchunk}: a Kerchunk reference set (JSON version 0 or 1, or fsspec's Parquet layout) read as the
 * Zarr v2 store it describes, whose chunks are byte ranges of other files (NetCDF4/HDF5, TIFF, GRIB, ...). Same
 * options and row shapes as {@code dataplug-zarr}.
 */
public final class KerchunkFormat implements DataFormat {
  public static final OptionSpec<String> SCHEMES = OptionSpec.string("urlSchemes",
      "how the references' URL schemes map to this cluster's file systems, as from=to pairs; kerchunk writes s3://,"
          + " Hadoop reads s3a://").withDefault("s3=s3a");

  private static final List<OptionSpec<?>> OPTIONS;

  static {
    List<OptionSpec<?>> options = new ArrayList<>(new ZarrFormat().options());
    options.add(options.indexOf(ZarrFormat.DECODE_CF) + 1, SCHEMES);
    OPTIONS = List.copyOf(options);
  }

  @Override
  public String displayName() {
    return "Kerchunk";
  }

  @Override
  public List<String> shortNames() {
    return List.of("dataplug-kerchunk");
  }

  /**
   * A JSON object whose first bytes hold Zarr metadata keys or version 1's {@code refs}; a Parquet reference set is a
   * folder, never detected.
   */
  @Override
  public boolean detect(byte[] head, int length) {
    String text = new String(head, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    return text.stripLeading().startsWith("{") && (text.contains(".zgroup\"") || text.contains(".zarray\"")
        || text.contains("\"version\"") && text.contains("\"refs\""));
  }

  @Override
  public List<OptionSpec<?>> options() {
    return OPTIONS;
  }

  @Override
  public void validate(ReadOptions options) {
    new ZarrFormat().validate(options);
  }

  @Override
  public FormatDataset open(BlobStore store, ReadOptions options) {
    return new ZarrDataset(store, options, true);
  }
}
