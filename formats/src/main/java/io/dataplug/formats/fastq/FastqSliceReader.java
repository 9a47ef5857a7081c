package io.dataplug.formats.fastq;

import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.text.SliceInput;
import java.io.IOException;

/**
 * Reads one slice's FASTQ records from its {@link SliceInput} (verified, resumed at its checkpoint) and checks the
 * record count.
 */
public final class FastqSliceReader implements AutoCloseable {
  private final FileSlice slice;
  private final SliceInput input;
  private final FastqRecordReader records;
  private long read;
  private boolean done;

  public FastqSliceReader(BlobStore store, FileSlice slice) throws IOException {
    this(store, slice, InflaterEngine.AUTO);
  }

  /** Reads with the given inflater engine (option {@code inflater}). */
  public FastqSliceReader(BlobStore store, FileSlice slice, InflaterEngine engine) throws IOException {
    this.slice = slice;
    this.input = new SliceInput(store, slice, engine);
    this.records = new FastqRecordReader(input.stream(), slice.dataUri(), slice.recordOffset(),
        Math.max(0, slice.firstOrdinal()));
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
        input.checkRecordCount(read);
        break;
      }
      String problem = writer.takeProblem();
      if (problem != null) {
        throw new FastqFormatException(slice.dataUri() + ": record " + (Math.max(0, slice.firstOrdinal()) + read)
            + (slice.exact() || slice.recordOffset() == 0 ? "" : " after byte " + slice.recordOffset()) + ": "
            + problem + "; choose option qualityEncoding to match the file");
      }
      read++;
      n++;
    }
    return n;
  }

  public long recordsRead() {
    return read;
  }

  public SliceInput input() {
    return input;
  }

  @Override
  public void close() throws IOException {
    input.close();
  }
}
