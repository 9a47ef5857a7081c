package io.dataplug.formats.las;

import java.io.IOException;

/** A LAS, LAZ or COPC file that does not hold what its header says; the message names the file and where. */
public class LasFormatException extends IOException {
  public LasFormatException(String message) {
    super(message);
  }

  public LasFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
