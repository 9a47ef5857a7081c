package io.dataplug.formats.fasta;

import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.codec.Codec;
import io.dataplug.formats.codec.DecodedInputStream;
import io.dataplug.formats.codec.DecodedSource;
import io.dataplug.formats.codec.PlainSource;
import io.dataplug.formats.gzip.GzipDecoder;
import io.dataplug.formats.gzip.InflateEngines;
import io.dataplug.formats.gzip.ResumePoint;
import io.dataplug.formats.index.Checkpoint;
import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.index.VerifiedRangeStream;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Reads one slice's pieces: fetches only the bytes of its bases (from a checkpoint or BGZF block before them when the
 * file is compressed) and checks the line layout as it goes, so a {@code .fai} or index that does not match the file
 * is an error, never shifted bases. With this project's index, every span read is checked against its CRC32.
 */
final class FastaSliceReader implements PieceReader {
  private final FastaSlice slice;
  private final FastaContig contig;
  private final Blob data;
  private final InputStream in;
  private final byte[] buffer = new byte[1 << 16];
  private int pos;
  private int limit;
  /** Uncompressed offset of buffer[pos]. */
  private long offset;
  private long indexBytes;
  private long next;
  private byte[] bases;

  FastaSliceReader(BlobStore store, FastaSlice slice) throws IOException {
    this.slice = slice;
    this.contig = slice.contig();
    this.next = slice.from();
    this.data = store.open(slice.dataUri());
    try {
      if (!data.identity().equals(slice.identity())) {
        throw new IOException(slice.dataUri() + " changed after it was planned: it was " + slice.identity()
            + " and is now " + data.identity() + "; run the query again");
      }
      this.in = open(store);
      long first = contig.byteOf(slice.from());
      skipTo(first);
    } catch (IOException | RuntimeException e) {
      data.close();
      throw e;
    }
  }

  private InputStream open(BlobStore store) throws IOException {
    Checkpoint start = slice.start();
    long first = contig.byteOf(slice.from());
    long last = contig.endByteOf(slice.to());
    long streamEnd = slice.verifiedEnd() >= 0 ? slice.verifiedEnd() : last;
    DecodedSource source;
    if (slice.codec() == Codec.PLAIN) {
      long from = start == null ? first : start.uncompressedOffset();
      source = new PlainSource(data, from, streamEnd);
    } else {
      byte[] window = new byte[0];
      if (start.hasWindow()) {
        try (Blob index = store.open(slice.indexUri())) {
          window = FileIndex.readWindow(index, start);
          indexBytes += index.stats().bytes();
        }
      }
      ResumePoint point = new ResumePoint(start.bitOffset(), start.uncompressedOffset(), start.memberStart(), window);
      source = GzipDecoder.resume(data, point, slice.compressedEnd(), slice.compressedEnd(), InflateEngines.preferred());
    }
    offset = source.position();
    if (slice.verifiedEnd() >= 0) {
      return new VerifiedRangeStream(source, slice.dataUri(), slice.verifiedEnd(), slice.segmentEnds(),
          slice.segmentCrcs());
    }
    return new DecodedInputStream(source);
  }

  private boolean fill() throws IOException {
    offset += limit;
    pos = 0;
    limit = 0;
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    limit = n;
    return true;
  }

  private void skipTo(long target) throws IOException {
    while (offset + limit <= target) {
      if (!fill()) {
        throw mismatch(target, "the data ends before it");
      }
    }
    pos = (int) (target - offset);
  }

  private FastaFormatException mismatch(long at, String what) {
    return new FastaFormatException(slice.dataUri() + ": contig " + contig.name() + " does not lie where its "
        + slice.layout() + " says: at uncompressed byte " + at + " " + what + ". The layout does not match the file"
        + (slice.layout().endsWith(".fai") ? "; rebuild the .fai (samtools faidx) or delete it" : "; rebuild the"
        + " index with index=rebuild"));
  }

  @Override
  public int read(FastaBatchWriter writer, int maxRows) throws IOException {
    writer.startContig(contig, slice.dataUri());
    while (writer.rows() < maxRows && next < slice.to()) {
      long pieceEnd = Math.min(slice.to(), (next / slice.pieceLength() + 1) * slice.pieceLength());
      int length = (int) (pieceEnd - next);
      if (bases == null || bases.length < length) {
        bases = new byte[Math.max(length, 1024)];
      }
      copyBases(next, length);
      writer.piece(next, pieceEnd, bases, length);
      next = pieceEnd;
    }
    if (next >= slice.to() && slice.verifiedEnd() >= 0) {
      // Read to the end of the last span, so its CRC32 is checked.
      while (fill()) {
        // discard
      }
    }
    return writer.rows();
  }

  /** Copies bases [position, position + length) into {@code bases}, checking line ends where the layout has them. */
  private void copyBases(long position, int length) throws IOException {
    int copied = 0;
    int lineBases = contig.lineBases();
    int terminator = contig.lineBytes() - lineBases;
    while (copied < length) {
      int column = (int) ((position + copied) % lineBases);
      int run = Math.min(length - copied, lineBases - column);
      int taken = 0;
      while (taken < run) {
        if (pos == limit && !fill()) {
          throw mismatch(offset, "the data ends (base " + (position + copied + taken) + " of " + contig.length()
              + ")");
        }
        int n = Math.min(run - taken, limit - pos);
        for (int i = 0; i < n; i++) {
          byte c = buffer[pos + i];
          if (c == '\n' || c == '\r' || c == '>') {
            throw mismatch(offset + pos + i, "there is a line end or header instead of base "
                + (position + copied + taken + i));
          }
        }
        System.arraycopy(buffer, pos, bases, copied + taken, n);
        pos += n;
        taken += n;
      }
      copied += run;
      boolean lineEnd = column + run == lineBases;
      if (lineEnd && position + copied < slice.to()) {
        for (int t = 0; t < terminator; t++) {
          if (pos == limit && !fill()) {
            throw mismatch(offset, "the data ends inside a line end");
          }
          byte c = buffer[pos];
          if (c != (t == terminator - 1 ? '\n' : '\r')) {
            throw mismatch(offset + pos, "there is no line end after " + lineBases + " bases");
          }
          pos++;
        }
      }
    }
  }

  @Override
  public Map<ReadMetric, Long> metrics() {
    return Map.of(ReadMetric.DATA_BYTES, data.stats().bytes(), ReadMetric.REQUESTS, data.stats().requests(),
        ReadMetric.INDEX_BYTES, indexBytes, ReadMetric.CHECKPOINTS, slice.start() == null ? 0L : 1L);
  }

  @Override
  public void close() throws IOException {
    try {
      in.close();
    } finally {
      data.close();
    }
  }
}
