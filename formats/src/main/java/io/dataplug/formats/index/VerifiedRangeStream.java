package io.dataplug.formats.index;

import io.dataplug.formats.codec.DecodedSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

/**
 * The uncompressed bytes {@code [start, end)} of a file, decoded from a checkpoint, checked against the CRC32
 * of each segment recorded in the index: a changed or corrupt byte anywhere becomes an error, never wrong data.
 */
public final class VerifiedRangeStream extends InputStream {
  private final DecodedSource decoder;
  private final String uri;
  private final long end;
  private final long[] segmentEnds;
  private final int[] segmentCrcs;
  private final CRC32 crc = new CRC32();
  private int segment;
  private long position;

  /**
   * @param segmentEnds uncompressed end offset of each verified segment, ascending; the last one is {@code end}
   * @param segmentCrcs CRC32 of the bytes from the previous segment end (or the decoder start) to each end
   */
  public VerifiedRangeStream(DecodedSource decoder, String uri, long end, long[] segmentEnds, int[] segmentCrcs) {
    if (segmentEnds.length != segmentCrcs.length || segmentEnds.length == 0
        || segmentEnds[segmentEnds.length - 1] != end) {
      throw new IllegalArgumentException("segments must end at " + end);
    }
    this.decoder = decoder;
    this.uri = uri;
    this.end = end;
    this.segmentEnds = segmentEnds;
    this.segmentCrcs = segmentCrcs;
    this.position = decoder.position();
  }

  public long position() {
    return position;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (position >= end) {
      return -1;
    }
    long want = Math.min(len, segmentEnds[segment] - position);
    int n;
    do {
      n = decoder.read(b, off, (int) want);
    } while (n == 0);
    if (n < 0) {
      throw new IOException(uri + ": the data ends at uncompressed byte " + position + " but the index says it has "
          + end + " bytes or more; the file changed after it was indexed, or the index is wrong");
    }
    crc.update(b, off, n);
    position += n;
    if (position == segmentEnds[segment]) {
      long segmentStart = segment == 0 ? -1 : segmentEnds[segment - 1];
      if ((int) crc.getValue() != segmentCrcs[segment]) {
        throw new IOException(String.format("%s: CRC32 of uncompressed bytes %s..%d is %08x but the index recorded %08x:"
            + " the file changed after it was indexed, or its data is corrupt (rebuild the index with index=rebuild)",
            uri, segmentStart < 0 ? "from the checkpoint" : Long.toString(segmentStart), position,
            (int) crc.getValue(), segmentCrcs[segment]));
      }
      crc.reset();
      segment++;
    }
    return n;
  }

  @Override
  public void close() {
    decoder.close();
  }
}
