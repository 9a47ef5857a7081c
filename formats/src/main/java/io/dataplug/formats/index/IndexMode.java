package io.dataplug.formats.index;

/** What a read does about missing, stale and corrupt sidecar indexes; the same for every index kind. */
public enum IndexMode {
  /** Build a missing index; rebuild a stale or corrupt one with a warning. */
  AUTO,
  /** A missing, stale or corrupt index is an error. */
  REQUIRE,
  /** Always build a new index. */
  REBUILD
}
