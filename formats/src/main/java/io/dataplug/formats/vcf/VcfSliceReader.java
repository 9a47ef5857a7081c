package io.dataplug.formats.vcf;

import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.text.LineReader;
import io.dataplug.formats.text.SliceInput;
import java.io.IOException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one slice's VCF lines into a {@link VcfBatchWriter}. A malformed line is an error naming the file and the
 * line (strict), or is skipped and counted (lenient warns, silent does not).
 */
final class VcfSliceReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VcfSliceReader.class);
  /** Lenient validation warns about this many skipped lines per slice, then only counts them. */
  private static final int WARNINGS_PER_SLICE = 10;
  /** Genotype elements per batch, so that a batch of a file with many samples stays small. */
  private static final int GENOTYPES_PER_BATCH = 1 << 20;

  private final VcfSlice slice;
  private final FileSlice text;
  private final VcfFormat.Stringency stringency;
  private final SliceInput input;
  private final LineReader lines;
  /** Ordinal of the next record in its file; -1 when not known (a plain file split without an index). */
  private long ordinal;
  private long read;
  private long skipped;
  private boolean done;

  VcfSliceReader(BlobStore store, VcfSlice slice, VcfFormat.Stringency stringency, InflaterEngine inflater)
      throws IOException {
    this.slice = slice;
    this.text = slice.text();
    this.stringency = stringency;
    this.input = new SliceInput(store, text, inflater);
    this.lines = new LineReader(input.stream(), text.recordOffset());
    boolean fileStart = text.recordOffset() == 0 || text.recordOffset() == slice.header().headerBytes();
    this.ordinal = text.exact() || fileStart ? Math.max(0, text.firstOrdinal()) : -1;
  }

  int read(VcfBatchWriter writer, int maxRows) throws IOException {
    int perRow = writer.genotypesPerRow();
    int limit = perRow == 0 ? maxRows : Math.max(1, Math.min(maxRows, GENOTYPES_PER_BATCH / perRow));
    while (writer.rows() < limit && !done) {
      if (text.maxRecords() >= 0 && read >= text.maxRecords()) {
        done = true;
        break;
      }
      if (!lines.next()) {
        done = true;
        input.checkRecordCount(read);
        break;
      }
      byte[] b = lines.buffer();
      int from = lines.lineStart();
      int to = lines.lineEnd();
      if (to == from || b[from] == '#') {
        continue;
      }
      try {
        writer.line(b, from, to);
      } catch (MalformedLine e) {
        skip(e);
      }
      read++;
      if (ordinal >= 0) {
        ordinal++;
      }
    }
    return writer.rows();
  }

  private void skip(MalformedLine e) throws VcfFormatException {
    String where = slice.dataUri() + (ordinal >= 0 ? ": line " + slice.header().lineOf(ordinal) : "")
        + String.format(Locale.ROOT, " (record at uncompressed byte %d)", lines.lineOffset());
    if (stringency == VcfFormat.Stringency.STRICT) {
      throw new VcfFormatException(where + ": " + e.getMessage() + ". Fix the file, or read with option"
          + " validationStringency=lenient to skip malformed lines");
    }
    skipped++;
    if (stringency == VcfFormat.Stringency.LENIENT && skipped <= WARNINGS_PER_SLICE) {
      LOG.warn("Skipping malformed VCF line: {}: {}{}", where, e.getMessage(),
          skipped == WARNINGS_PER_SLICE ? " (further malformed lines of this slice are only counted)" : "");
    }
  }

  long skipped() {
    return skipped;
  }

  SliceInput input() {
    return input;
  }

  @Override
  public void close() throws IOException {
    input.close();
  }
}
