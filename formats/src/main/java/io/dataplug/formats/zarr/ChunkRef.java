package io.dataplug.formats.zarr;

import java.io.Serializable;

/**
 * Where one chunk key's bytes are: inline in the reference set, a whole object, or a byte range of a file (the three
 * kinds of value of a Kerchunk reference, fsspec's {@code spec.rst}). An absent key has no reference (null): its
 * chunk is the fill value.
 */
sealed interface ChunkRef extends Serializable {
  /** The key, for messages: the chunk a corrupt or missing target belongs to. */
  String key();

  record Inline(String key, byte[] data) implements ChunkRef {}

  /** A key of a Zarr store's own folder: when the object does not exist, the chunk is the fill value. */
  record StoreObject(String key, String url) implements ChunkRef {}

  /** A reference to a whole file, which must exist. */
  record Whole(String key, String url) implements ChunkRef {}

  record Range(String key, String url, long offset, long length) implements ChunkRef {}
}
