package io.dataplug.formats.las;

import java.util.Locale;

/** Option {@code lazDecoder}: which LAZ decoder reads a file. */
public enum LazDecoder {
  /** This project's decoder where it covers the file's items (point formats 0 to 3 and 6 to 8), laszip4j for the rest. */
  AUTO,
  /** This project's decoder; a file it does not cover is an error. */
  DATAPLUG,
  /** laszip4j for every file (the reference). */
  LASZIP4J;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
