package io.dataplug.formats.vcf;

import java.io.IOException;

/** A VCF file that breaks the format, with the file and the line (or byte offset) in the message. */
public final class VcfFormatException extends IOException {
  public VcfFormatException(String message) {
    super(message);
  }
}
