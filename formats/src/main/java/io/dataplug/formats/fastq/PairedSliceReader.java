package io.dataplug.formats.fastq;

import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.text.SliceInput;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Reads the records of a {@link PairedSlice} from both files in lockstep, one row per pair, checking that mate
 * names agree; both slices are read to their ends, so every byte behind the rows is checked against the indexes.
 */
final class PairedSliceReader implements AutoCloseable {
  private static final FastqRecordReader.Sink DISCARD = (h, no, nl, dof, dl, s, so, sl, q, qo, ql, o) -> {};

  private final PairedSlice slice;
  private final SliceInput input1;
  private final SliceInput input2;
  private final FastqRecordReader records1;
  private final FastqRecordReader records2;
  private long pairs;
  private long read2;
  private boolean done;

  PairedSliceReader(BlobStore store, PairedSlice slice, InflaterEngine inflater) throws IOException {
    this.slice = slice;
    this.input1 = new SliceInput(store, slice.read1(), inflater);
    SliceInput second = null;
    try {
      second = new SliceInput(store, slice.read2(), inflater);
      this.records1 = new FastqRecordReader(input1.stream(), slice.read1().dataUri(), slice.read1().recordOffset(),
          slice.read1().firstOrdinal());
      this.records2 = new FastqRecordReader(second.stream(), slice.read2().dataUri(), slice.read2().recordOffset(),
          slice.read2().firstOrdinal());
      for (long i = 0; i < slice.skip2(); i++) {
        if (!records2.next(DISCARD)) {
          throw new IOException(slice.read2().dataUri() + " ends before record " + (slice.read2().firstOrdinal() + i)
              + "; rebuild its index");
        }
        read2++;
      }
    } catch (IOException | RuntimeException e) {
      try {
        input1.close();
      } finally {
        if (second != null) {
          second.close();
        }
      }
      throw e;
    }
    this.input2 = second;
  }

  int read(PairedBatchWriter writer, int maxRows) throws IOException {
    while (writer.rows() < maxRows && !done) {
      if (slice.read1().exact() && pairs == slice.read1().recordCount()) {
        finish();
        break;
      }
      long ordinal = slice.read1().firstOrdinal() + pairs;
      if (!records1.next(writer.first())) {
        if (slice.read1().exact() || records2.next(DISCARD)) {
          throw unequal(ordinal, slice.read1().dataUri());
        }
        done = true;
        break;
      }
      if (!records2.next(writer.second())) {
        throw unequal(ordinal, slice.read2().dataUri());
      }
      read2++;
      String problem = writer.takeProblem();
      if (problem != null) {
        throw new FastqFormatException(slice.read1().dataUri() + " and " + slice.read2().dataUri() + ", record "
            + ordinal + ": " + problem);
      }
      writer.endPair(ordinal);
      pairs++;
    }
    return writer.rows();
  }

  private IOException unequal(long ordinal, String shorter) {
    return new FastqFormatException("Mates of " + slice.read1().dataUri() + " and " + slice.read2().dataUri()
        + " differ in number: " + shorter + " ends at record " + ordinal);
  }

  /** Reads mate 2's slice to its end (its last span is checked) and checks both record counts. */
  private void finish() throws IOException {
    done = true;
    if (records1.next(DISCARD)) {
      throw new IOException(slice.read1().dataUri() + " holds more records than its index says; rebuild it");
    }
    input1.checkRecordCount(pairs);
    while (records2.next(DISCARD)) {
      read2++;
    }
    input2.checkRecordCount(read2);
  }

  Map<ReadMetric, Long> metrics() {
    Map<ReadMetric, Long> out = new EnumMap<>(input1.metrics());
    input2.metrics().forEach((k, v) -> out.merge(k, v, Long::sum));
    return out;
  }

  @Override
  public void close() throws IOException {
    try {
      input1.close();
    } finally {
      input2.close();
    }
  }
}
