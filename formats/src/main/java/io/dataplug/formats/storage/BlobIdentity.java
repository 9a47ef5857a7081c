package io.dataplug.formats.storage;

import java.io.Serializable;

/**
 * What binds an index to the exact bytes it describes: the length plus a version token (a modification time
 * for file systems, an ETag or version id for object stores).
 */
public record BlobIdentity(long length, String version) implements Serializable {

  public BlobIdentity {
    if (length < 0) {
      throw new IllegalArgumentException("negative length " + length);
    }
    version = version == null ? "" : version;
  }

  @Override
  public String toString() {
    return "length " + length + ", version " + version;
  }
}
