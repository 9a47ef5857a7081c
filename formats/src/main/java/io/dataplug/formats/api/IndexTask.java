package io.dataplug.formats.api;

import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.io.Serializable;

/** Builds (or validates) the sidecar index of one file, wherever the engine runs it. */
@FunctionalInterface
public interface IndexTask extends Serializable {
  void build(BlobStore store, String uri) throws IOException;
}
