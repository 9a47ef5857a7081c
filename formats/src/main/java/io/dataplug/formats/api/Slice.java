package io.dataplug.formats.api;

import java.io.Serializable;

/** What one task reads of one file: small, serializable, carrying only the index entries it needs. */
public interface Slice extends Serializable {
  String dataUri();

  /** About how many bytes reading it decodes: for packing and statistics. */
  long bytes();

  /** How many rows reading it returns, when the index counts them (and no filter applies); -1 when not known. */
  default long rows() {
    return -1;
  }

  /** One line for plans: where it starts, what it holds, what it fetches. */
  default String describe() {
    return toString();
  }
}
