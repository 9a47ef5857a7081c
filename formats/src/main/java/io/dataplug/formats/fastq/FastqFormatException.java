package io.dataplug.formats.fastq;

import java.io.IOException;

/** Input that is not valid FASTQ; the message names the file, the byte offset and the record. */
public final class FastqFormatException extends IOException {
  public FastqFormatException(String message) {
    super(message);
  }
}
