package io.dataplug.formats.imzml;

import java.io.IOException;

/** An imzML file or its {@code .ibd} that cannot be read as imzML says; the message names the file and where. */
public class ImzmlFormatException extends IOException {
  public ImzmlFormatException(String message) {
    super(message);
  }

  public ImzmlFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
