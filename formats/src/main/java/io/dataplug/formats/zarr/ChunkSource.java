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

  /** This source cut down to what one task reads (it is sent only that): per array, the chunks it reads. */
  default ChunkSource restrictedTo(List<ZarrArray> arrays, List<long[]> numbers) {
    return this;
  }

  /**
   * What a task reads of its slice: the main array's chunks {@code numbers}, the chunks of other data arrays that
   * overlap them, and every chunk of the coordinate arrays.
   */
  static ChunkSource forSlice(ChunkSource source, List<ZarrArray> data, long[] numbers, List<ZarrArray> whole) {
    List<ZarrArray> arrays = new java.util.ArrayList<>();
    List<long[]> chunks = new java.util.ArrayList<>();
    ZarrArray main = data.get(0);
    for (ZarrArray a : data) {
      arrays.add(a);
      chunks.add(Regridded.needed(main, a) ? Regridded.chunksNeeded(main, a, numbers) : numbers);
    }
    for (ZarrArray a : whole) {
      arrays.add(a);
      chunks.add(allChunks(a));
    }
    return source.restrictedTo(arrays, chunks);
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
