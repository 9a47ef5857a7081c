package io.dataplug.formats.text;

import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.codec.Codec;
import io.dataplug.formats.codec.DecodedInputStream;
import io.dataplug.formats.codec.DecodedSource;
import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.codec.PlainSource;
import io.dataplug.formats.gzip.GzipDecoder;
import io.dataplug.formats.gzip.InflateEngines;
import io.dataplug.formats.gzip.ResumePoint;
import io.dataplug.formats.gzip.SpanSource;
import io.dataplug.formats.index.Checkpoint;
import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.index.VerifiedRangeStream;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The uncompressed bytes of one {@link FileSlice}, from its first record on: resumes decoding at the slice's
 * checkpoint (fetching only that checkpoint's window from the index) and checks every decoded byte against the
 * index's CRCs. Formats parse records from {@link #stream()} and call {@link #checkRecordCount} at its end.
 */
public final class SliceInput implements AutoCloseable {
  private final FileSlice slice;
  private final Blob data;
  private final InputStream stream;
  private SpanSource spans;
  private long indexBytes;

  public SliceInput(BlobStore store, FileSlice slice, InflaterEngine engine) throws IOException {
    this.slice = slice;
    this.data = store.open(slice.dataUri());
    try {
      if (slice.exact() && !data.identity().equals(slice.identity())) {
        throw new IOException(slice.dataUri() + " changed after it was planned: it was " + slice.identity()
            + " and is now " + data.identity() + "; run the query again");
      }
      this.stream = open(store, engine);
      long skip = slice.start() == null ? 0 : slice.recordOffset() - slice.start().uncompressedOffset();
      skipFully(stream, skip);
    } catch (IOException | RuntimeException e) {
      data.close();
      throw e;
    }
  }

  private InputStream open(BlobStore store, InflaterEngine engine) throws IOException {
    Checkpoint start = slice.start();
    if (start == null) {
      DecodedSource source = slice.codec().compressed()
          ? GzipDecoder.fromStart(data, InflateEngines.streaming(engine))
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
      if (slice.segmentEndBits() != null && InflateEngines.inflatesSpans(engine)) {
        spans = new SpanSource(data, point, slice.segmentEnds(), slice.segmentEndBits(), slice.compressedEnd(),
            slice.compressedSoftEnd(), InflateEngines.streaming(engine), slice.codec() == Codec.BGZF,
            InflateEngines.spanEngine(engine));
        source = spans;
      } else {
        source = GzipDecoder.resume(data, point, slice.compressedEnd(), slice.compressedSoftEnd(),
            InflateEngines.streaming(engine));
      }
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

  /** The slice's bytes from its first record; ends at the slice's end (or the file's, without an index). */
  public InputStream stream() {
    return stream;
  }

  public FileSlice slice() {
    return slice;
  }

  /** At the end of the slice: an indexed slice must have held exactly the records its index counted. */
  public void checkRecordCount(long read) throws IOException {
    if (slice.exact() && read != slice.recordCount()) {
      throw new IOException(slice.dataUri() + ": the index says the slice from byte " + slice.recordOffset()
          + " holds " + slice.recordCount() + " records, but " + read + " were decoded; rebuild the index");
    }
  }

  /** 1 when the slice resumed at an index checkpoint, else 0 (read from the file's start). */
  public long checkpointsResumed() {
    return slice.start() == null ? 0 : 1;
  }

  /** Bytes fetched from the data file so far. */
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

  /** What reading the slice fetched so far, as the shared metrics. */
  public Map<ReadMetric, Long> metrics() {
    return Map.of(ReadMetric.DATA_BYTES, dataBytesFetched(), ReadMetric.REQUESTS, dataRequests(),
        ReadMetric.INDEX_BYTES, indexBytesFetched(), ReadMetric.CHECKPOINTS, checkpointsResumed(),
        ReadMetric.LIBDEFLATE_SPANS, spans == null ? 0L : spans.spansInflated());
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
