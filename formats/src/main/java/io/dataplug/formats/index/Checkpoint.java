package io.dataplug.formats.index;

import java.io.Serializable;

/**
 * One entry of a sidecar index: where decoding can start, and where the first record after that point starts.
 *
 * @param bitOffset compressed bit offset of a gzip member or deflate block start (8 x byte offset for plain files)
 * @param uncompressedOffset uncompressed offset at that point
 * @param memberStart whether {@code bitOffset} points at a gzip member header (no window needed)
 * @param spanCrc CRC32 of the uncompressed bytes from here to the next checkpoint (or the end)
 * @param recordOffset uncompressed offset of the first record starting at or after {@code uncompressedOffset}
 *     (the file length when none does)
 * @param recordOrdinal 0-based ordinal of that record (the record count when none)
 * @param headCrc CRC32 of the uncompressed bytes from {@code uncompressedOffset} to {@code recordOffset}
 * @param windowPosition byte position of the compressed 32 KiB window in the index file, -1 when none
 * @param windowLength compressed length of the window
 * @param windowRawLength length of the window once inflated
 * @param windowCrc CRC32 of the inflated window
 */
public record Checkpoint(
    long bitOffset,
    long uncompressedOffset,
    boolean memberStart,
    int spanCrc,
    long recordOffset,
    long recordOrdinal,
    int headCrc,
    long windowPosition,
    int windowLength,
    int windowRawLength,
    int windowCrc)
    implements Serializable {

  public boolean hasWindow() {
    return windowPosition >= 0;
  }

  public long compressedByteOffset() {
    return bitOffset >>> 3;
  }
}
