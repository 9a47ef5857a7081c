package io.dataplug.formats.index;

import java.io.IOException;

/** A sidecar index that cannot be used: corrupt, of another version or format, or for other bytes. */
public final class IndexFormatException extends IOException {
  public IndexFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  public IndexFormatException(String message) {
    super(message);
  }
}
