package io.dataplug.formats.zarr;

import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * Where a store's chunk keys are found: a folder of objects ({@link FolderChunks}), or a Kerchunk reference set
 * ({@link KerchunkRefs} in JSON, {@link KerchunkParquet} in Parquet). It travels with every slice, so it carries only
 * what the slice's chunks need.
 */
interface ChunkSource extends Serializable {
  /** Where the chunks {@code numbers} (C order over the chunk grid) of {@code array} are, null for absent keys. */
  ChunkRef[] locate(BlobStore store, ZarrArray array, long[] numbers) throws IOException;

  /**
   * This source cut down to what one task reads (it is sent only that): the chunks {@code numbers} of the arrays
   * {@code data} and every chunk of the arrays {@code whole}.
   */
  default ChunkSource restrictedTo(List<ZarrArray> data, long[] numbers, List<ZarrArray> whole) {
    return this;
  }

  /** The chunk numbers of a whole array, in order: for coordinate arrays, which every slice reads whole. */
  static long[] allChunks(ZarrArray array) {
    long[] numbers = new long[Math.toIntExact(array.chunkCount())];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = i;
    }
    return numbers;
  }
}
