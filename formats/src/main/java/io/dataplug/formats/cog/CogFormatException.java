package io.dataplug.formats.cog;

import java.io.IOException;

/** A TIFF that cannot be read as a raster; the message names the file and the IFD, tile or byte offset. */
public class CogFormatException extends IOException {
  public CogFormatException(String message) {
    super(message);
  }

  public CogFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
