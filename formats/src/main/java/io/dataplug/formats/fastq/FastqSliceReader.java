package io.dataplug.formats.fastq;

import io.dataplug.formats.gzip.GzipDecoder;
import io.dataplug.formats.gzip.InflateEngines;
import io.dataplug.formats.gzip.ResumePoint;
import io.dataplug.formats.index.Checkpoint;
import io.dataplug.formats.codec.Codec;
import io.dataplug.formats.codec.DecodedInputStream;
import io.dataplug.formats.codec.DecodedSource;
import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.codec.PlainSource;
import io.dataplug.formats.index.VerifiedRangeStream;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one slice's FASTQ records: resumes decoding at the slice's checkpoint (fetching only that checkpoint's
 * window from the index), checks every decoded byte against the index's CRCs, and checks the record count.
 */
public final class FastqSliceReader implements AutoCloseable {
  private final FileSlice slice;
  private final GzipDecoder.Engine engine;
  private final Blob data;
  private final InputStream stream;
  private final FastqRecordReader records;
  private long indexBytes;
  private long read;
  private boolean done;

  public FastqSliceReader(BlobStore store, FileSlice slice) throws IOException {
    this(store, slice, InflateEngines.preferred());
  }

  /** Reads with the given inflater engine (the default is the one {@link InflateEngines} chose). */
  public FastqSliceReader(BlobStore store, FileSlice slice, GzipDecoder.Engine engine) throws IOException {
    this.slice = slice;
    this.engine = engine;
    this.data = store.open(slice.dataUri());
    try {
      if (slice.exact() && !data.identity().equals(slice.identity())) {
        throw new IOException(slice.dataUri() + " changed after it was planned: it was " + slice.identity()
            + " and is now " + data.identity() + "; run the query again");
      }
      this.stream = openStream(store);
      long skip = slice.start() == null ? 0 : slice.recordOffset() - slice.start().uncompressedOffset();
      skipFully(stream, skip);
      this.records = new FastqRecordReader(stream, slice.dataUri(), slice.recordOffset(),
          Math.max(0, slice.firstOrdinal()));
    } catch (IOException | RuntimeException e) {
      data.close();
      throw e;
    }
  }

  private InputStream openStream(BlobStore store) throws IOException {
    Checkpoint start = slice.start();
    if (start == null) {
      DecodedSource source = slice.codec().compressed()
          ? GzipDecoder.fromStart(data, engine)
          : new PlainSource(data, slice.recordOffset(), slice.endOffset());
      return new DecodedInputStream(source);
    }
    DecodedSource source;
    if (slice.codec() == Codec.PLAIN) {
      source = new PlainSource(data, start.uncompressedOffset(), slice.endOffset());
    } else {
      byte[] window = new byte[0];
      if (start.hasWindow()) {
        try (Blob index = store.open(slice.indexUri())) {
          window = FileIndex.readWindow(index, start);
          indexBytes += index.stats().bytes();
        }
      }
      ResumePoint point = new ResumePoint(start.bitOffset(), start.uncompressedOffset(), start.memberStart(), window);
      source = GzipDecoder.resume(data, point, slice.compressedEnd(), slice.compressedSoftEnd(), engine);
    }
    return new VerifiedRangeStream(source, slice.dataUri(), slice.endOffset(), slice.segmentEnds(), slice.segmentCrcs());
  }

  private static void skipFully(InputStream in, long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(n, 1 << 16)];
    while (n > 0) {
      int k = in.read(scratch, 0, (int) Math.min(n, scratch.length));
      if (k < 0) {
        throw new IOException("data ends before the first record of the slice");
      }
      n -= k;
    }
  }

  /** Adds up to {@code maxRows} records to {@code writer}; returns how many (0 at the end of the slice). */
  public int read(FastqBatchWriter writer, int maxRows) throws IOException {
    int n = 0;
    while (n < maxRows && !done) {
      if (slice.maxRecords() >= 0 && read >= slice.maxRecords()) {
        done = true;
        break;
      }
      if (!records.next(writer)) {
        done = true;
        if (slice.exact() && read != slice.recordCount()) {
          throw new IOException(slice.dataUri() + ": the index says the slice from byte " + slice.recordOffset()
              + " holds " + slice.recordCount() + " records, but " + read + " were decoded; rebuild the index");
        }
        break;
      }
      read++;
      n++;
    }
    return n;
  }

  public long recordsRead() {
    return read;
  }

  /** Bytes fetched from the data file so far. */
  /** 1 when the slice resumed at an index checkpoint, else 0 (read from the file's start). */
  public long checkpointsResumed() {
    return slice.start() == null ? 0 : 1;
  }

  public long dataBytesFetched() {
    return data.stats().bytes();
  }

  public long dataRequests() {
    return data.stats().requests();
  }

  /** Bytes fetched from the index file (this slice's window). */
  public long indexBytesFetched() {
    return indexBytes;
  }

  @Override
  public void close() throws IOException {
    try {
      stream.close();
    } finally {
      data.close();
    }
  }
}
