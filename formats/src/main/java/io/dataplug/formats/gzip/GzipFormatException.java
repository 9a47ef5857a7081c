package io.dataplug.formats.gzip;

import java.io.IOException;

/** Corrupt, truncated or non-gzip input. The message names the file and the byte offset. */
public final class GzipFormatException extends IOException {
  public GzipFormatException(String uri, long offset, String problem) {
    super(uri + ": " + problem + " (at compressed byte " + offset + ")");
  }
}
