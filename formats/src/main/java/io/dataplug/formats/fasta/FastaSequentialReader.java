package io.dataplug.formats.fasta;

import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.codec.Codec;
import io.dataplug.formats.codec.DecodedInputStream;
import io.dataplug.formats.codec.PlainSource;
import io.dataplug.formats.gzip.GzipDecoder;
import io.dataplug.formats.gzip.InflateEngines;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobIdentity;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.text.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads a whole FASTA file line by line from its first byte, without any index or line layout: the sequential
 * reference read the partitioned reads are compared with. Any line lengths are accepted here.
 */
final class FastaSequentialReader implements PieceReader {
  /** The whole file, read sequentially. */
  record WholeFile(String dataUri, BlobIdentity identity, Codec codec) implements Slice {
    @Override
    public long bytes() {
      return identity.length();
    }
  }

  private final WholeFile slice;
  private final int pieceLength;
  private final Blob data;
  private final InputStream in;
  private final LineReader lines;
  private byte[] bases;
  private int filled;
  private long pieceStart;
  private FastaContig contig;
  private boolean emittedForContig;
  private boolean done;

  FastaSequentialReader(BlobStore store, WholeFile slice, int pieceLength) throws IOException {
    this.slice = slice;
    this.pieceLength = pieceLength;
    this.bases = new byte[pieceLength];
    this.data = store.open(slice.dataUri());
    try {
      this.in = new DecodedInputStream(slice.codec().compressed() ? GzipDecoder.fromStart(data,
          InflateEngines.preferred()) : new PlainSource(data, 0, data.length()));
      this.lines = new LineReader(in, 0);
    } catch (IOException | RuntimeException e) {
      data.close();
      throw e;
    }
  }

  @Override
  public int read(FastaBatchWriter writer, int maxRows) throws IOException {
    while (writer.rows() < maxRows && !done) {
      if (!lines.next()) {
        endContig(writer);
        done = true;
        break;
      }
      byte[] b = lines.buffer();
      int from = lines.lineStart();
      int to = lines.lineEnd();
      if (to > from && b[from] == '>') {
        endContig(writer);
        String header = new String(b, from + 1, to - from - 1, StandardCharsets.UTF_8);
        int space = 0;
        while (space < header.length() && header.charAt(space) != ' ' && header.charAt(space) != '\t') {
          space++;
        }
        contig = new FastaContig(header.substring(0, space), space < header.length()
            ? header.substring(space + 1) : "", 0, 0, 0, 0);
        writer.startContig(contig, slice.dataUri());
        pieceStart = 0;
        filled = 0;
        emittedForContig = false;
        continue;
      }
      if (contig == null) {
        if (to == from) {
          continue;
        }
        throw new FastaFormatException(slice.dataUri() + ": sequence before the first '>' header (uncompressed byte "
            + lines.lineOffset() + "): not a FASTA file");
      }
      for (int i = from; i < to; ) {
        int n = Math.min(to - i, pieceLength - filled);
        System.arraycopy(b, i, bases, filled, n);
        filled += n;
        i += n;
        if (filled == pieceLength) {
          writer.piece(pieceStart, pieceStart + filled, bases, filled);
          emittedForContig = true;
          pieceStart += filled;
          filled = 0;
        }
      }
    }
    return writer.rows();
  }

  private void endContig(FastaBatchWriter writer) {
    if (contig != null && (filled > 0 || !emittedForContig)) {
      writer.piece(pieceStart, pieceStart + filled, bases, filled);
    }
    contig = null;
  }

  @Override
  public Map<ReadMetric, Long> metrics() {
    return Map.of(ReadMetric.DATA_BYTES, data.stats().bytes(), ReadMetric.REQUESTS, data.stats().requests());
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
