package io.dataplug.formats.plan;

import io.dataplug.formats.index.Checkpoint;
import io.dataplug.formats.codec.Codec;
import io.dataplug.formats.storage.BlobIdentity;
import io.dataplug.formats.api.Slice;

/**
 * A piece of one file for one task: the records whose first byte lies in {@code [recordOffset, endOffset)} of the
 * uncompressed data. Carries only its own index entry; the task fetches that entry's window itself.
 *
 * @param start the checkpoint to resume at; null to read from the file's first byte without an index
 * @param exact whether the boundaries come from an index (then ordinals, counts and CRCs are known)
 * @param firstOrdinal ordinal of the first record, -1 when not known
 * @param recordCount records in the slice, -1 when not known
 * @param maxRecords stop after this many records (a pushed-down limit), -1 for all
 * @param compressedEnd no compressed byte at or after this offset is needed
 * @param compressedSoftEnd most of the needed compressed bytes lie before this offset (the last checkpoint the
 *     slice reaches into); only the end of its last record lies after it
 * @param segmentEnds ends of the CRC-checked segments of {@code [start.uncompressedOffset, endOffset)}
 * @param segmentCrcs the CRC32 of each segment
 * @param segmentEndBits compressed bit offset of each segment's end where it is a checkpoint (8 times the file's
 *     length at its end), -1 where it ends at a record inside a span; null without an index
 */
public record FileSlice(
    String dataUri,
    BlobIdentity identity,
    String indexUri,
    Codec codec,
    Checkpoint start,
    boolean exact,
    long recordOffset,
    long endOffset,
    long firstOrdinal,
    long recordCount,
    long maxRecords,
    long compressedEnd,
    long compressedSoftEnd,
    long[] segmentEnds,
    int[] segmentCrcs,
    long[] segmentEndBits)
    implements Slice {

  @Override
  public long bytes() {
    return uncompressedBytes();
  }

  /** The records between its index entries (at most {@code maxRecords}); -1 without an index. */
  @Override
  public long rows() {
    if (recordCount < 0) {
      return -1;
    }
    return maxRecords >= 0 ? Math.min(recordCount, maxRecords) : recordCount;
  }

  /** Uncompressed bytes this slice decodes (an estimate when the end is open). */
  public long uncompressedBytes() {
    if (endOffset == Long.MAX_VALUE) {
      return identity.length() * (codec.compressed() ? 4 : 1);
    }
    long from = start == null ? recordOffset : start.uncompressedOffset();
    return Math.max(0, endOffset - from);
  }

  /** Reads a whole file from its start, without an index, up to {@code maxRecords} records (-1 for all). */
  public static FileSlice wholeFile(String dataUri, BlobIdentity identity, Codec codec, long maxRecords) {
    return new FileSlice(dataUri, identity, null, codec, null, false, 0, Long.MAX_VALUE, 0, -1, maxRecords,
        identity.length(), identity.length(), null, null, null);
  }

  /** A byte range of a plain file whose boundaries were found without an index. */
  public static FileSlice plainRange(String dataUri, BlobIdentity identity, long from, long to) {
    return new FileSlice(dataUri, identity, null, Codec.PLAIN, null, false, from, to, -1, -1, -1, to, to, null, null,
        null);
  }

  @Override
  public String describe() {
    return String.format(java.util.Locale.ROOT, "%s uncompressed [%d, %d) %s%s", dataUri,
        start == null ? recordOffset : start.uncompressedOffset(), endOffset == Long.MAX_VALUE ? -1 : endOffset,
        exact ? "records " + firstOrdinal + ".." + (firstOrdinal + recordCount) : "(no index)",
        start != null && start.hasWindow() ? String.format(java.util.Locale.ROOT,
            ", resumes at bit %d with a %d-byte window", start.bitOffset(), start.windowLength()) : "");
  }

  @Override
  public String toString() {
    return dataUri + "[" + recordOffset + ", " + (endOffset == Long.MAX_VALUE ? "end" : endOffset) + ")"
        + (exact ? " records " + firstOrdinal + "+" + recordCount : "");
  }
}
