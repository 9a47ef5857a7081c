package io.dataplug.formats.zarr;

import java.io.IOException;

/** A Zarr store that cannot be read as its metadata says: names the store, the array and the chunk or key. */
public final class ZarrFormatException extends IOException {
  public ZarrFormatException(String message) {
    super(message);
  }

  public ZarrFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
