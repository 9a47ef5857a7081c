package io.dataplug.formats.zarr;

import io.dataplug.formats.storage.BlobStore;

/** A Zarr store's own chunks: one object per key below its root folder (Zarr v2 spec, "Storage"). */
record FolderChunks(String root) implements ChunkSource {
  @Override
  public ChunkRef[] locate(BlobStore store, ZarrArray array, long[] numbers) {
    ChunkRef[] out = new ChunkRef[numbers.length];
    for (int i = 0; i < numbers.length; i++) {
      String key = array.chunkKey(numbers[i]);
      out[i] = new ChunkRef.StoreObject(key, root + "/" + key);
    }
    return out;
  }
}
