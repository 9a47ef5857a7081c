package io.dataplug.formats.las.laz;

/**
 * Decodes one LASzip item of the layered chunks of point formats 6 to 10 (compressor 3, item version 3): each of the
 * item's fields lives in its own layer, an arithmetic-coded stream of its own, so a reader can skip the layers of
 * fields nobody asked for (their values then stay those of the chunk's first point). All items follow the scanner
 * channel the point item decodes: four contexts, one per channel.
 */
interface LayeredItemDecoder {
  /** How many layers (and layer sizes in the chunk header) the item has. */
  int layers();

  /**
   * A new chunk: {@code record[offset...]} holds the item of the chunk's first point, stored raw; the item's layers
   * are at {@code chunk[layerStarts[first + i], + layerSizes[first + i])}; {@code context} is the first point's
   * scanner channel.
   */
  void start(byte[] record, int offset, byte[] chunk, int[] layerStarts, int[] layerSizes, int first, int context);

  /** Decodes this item of the next point, whose scanner channel is {@code context}. */
  void read(byte[] record, int offset, int context);

  /** Whether every started layer stayed within its bytes (an overrun means the chunk lied about its sizes). */
  boolean withinLayers();
}
