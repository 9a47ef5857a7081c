package io.dataplug.formats.fasta;

import io.dataplug.formats.api.Slice;
import io.dataplug.formats.codec.Codec;
import io.dataplug.formats.index.Checkpoint;
import io.dataplug.formats.storage.BlobIdentity;
import java.util.Locale;

/**
 * Consecutive pieces of one contig for one task: bases {@code [from, to)}, cut into rows at multiples of
 * {@code pieceLength}. Decoding starts at {@code start} (a checkpoint of this project's index, or a BGZF block from a
 * {@code .gzi}; null for a plain file read from the piece's first byte).
 *
 * @param verifiedEnd with this project's index: decode up to here, the end of the last checkpoint span the pieces
 *     touch, so that every span read is checked against its CRC32 ({@code segmentEnds}, {@code segmentCrcs});
 *     -1 when nothing is checked (a {@code .fai} layout)
 * @param compressedEnd no compressed byte at or after this offset is needed
 */
record FastaSlice(String dataUri, BlobIdentity identity, Codec codec, FastaContig contig, long from, long to,
    int pieceLength, Checkpoint start, String indexUri, long verifiedEnd, long[] segmentEnds, int[] segmentCrcs,
    long compressedEnd, String layout) implements Slice {

  @Override
  public long bytes() {
    return contig.endByteOf(to) - contig.byteOf(from);
  }

  /** Rows the slice gives. */
  long pieces() {
    return Math.max(1, (to - from + pieceLength - 1) / pieceLength);
  }

  @Override
  public String describe() {
    return String.format(Locale.ROOT, "%s %s:%d-%d (bytes %d..%d, layout from %s%s)", dataUri, contig.name(), from,
        to, contig.byteOf(from), contig.endByteOf(to), layout,
        start == null ? "" : ", resumes at uncompressed byte " + start.uncompressedOffset());
  }

  @Override
  public String toString() {
    return dataUri + " " + contig.name() + ":" + from + "-" + to;
  }
}
