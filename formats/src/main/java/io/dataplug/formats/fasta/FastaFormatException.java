package io.dataplug.formats.fasta;

import java.io.IOException;

/** A FASTA file (or its {@code .fai}) that breaks the format, with the file and the place in the message. */
public final class FastaFormatException extends IOException {
  public FastaFormatException(String message) {
    super(message);
  }
}
