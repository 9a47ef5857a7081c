package io.dataplug.formats.codec;

/** How a file's bytes are stored. */
public enum Codec {
  PLAIN,
  /** gzip, single- or multi-member; checkpoints inside members carry a window. */
  GZIP,
  /** BGZF: every member is an independent block, so checkpoints need no window. */
  BGZF;

  public boolean compressed() {
    return this != PLAIN;
  }
}
