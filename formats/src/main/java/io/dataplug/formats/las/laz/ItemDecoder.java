package io.dataplug.formats.las.laz;

/**
 * Decodes one LASzip item (the point's core fields, GPS time, RGB, extra bytes) of each point of a chunk, in the
 * LAS record layout, at {@code offset} of a record.
 */
interface ItemDecoder {
  /** A new chunk: {@code record[offset...]} holds this item of the chunk's first point, stored raw. */
  void start(byte[] record, int offset);

  /** Decodes this item of the next point into {@code record[offset...]}. */
  void read(byte[] record, int offset);
}
