package io.dataplug.formats.vcf;

/** Why one VCF line cannot be read; the reader adds the file and line, or skips it in lenient modes. */
final class MalformedLine extends Exception {
  MalformedLine(String message) {
    super(message, null, false, false);
  }
}
