package io.dataplug.formats.fastq;

import io.dataplug.formats.index.Codec;
import io.dataplug.formats.index.RecordScanner;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.storage.Blob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** FASTQ as a format: its index name, its record scanner, and planning of plain files without an index. */
public final class FastqFormat {
  public static final String NAME = "fastq";

  private FastqFormat() {}

  public static RecordScanner scanner(String uri) {
    return new FastqScanner(uri);
  }

  /**
   * Slices of a plain FASTQ file of about {@code splitSize} bytes, with boundaries verified by
   * {@link FastqSplitGuesser}; null when some boundary cannot be verified (the file then needs an index to split).
   */
  public static List<FileSlice> planPlainWithoutIndex(Blob blob, Codec codec, long splitSize) throws IOException {
    if (codec != Codec.PLAIN) {
      throw new IllegalArgumentException("only plain files can be split without an index");
    }
    long length = blob.length();
    if (length <= splitSize) {
      return List.of(FileSlice.plainRange(blob.uri(), blob.identity(), 0, length));
    }
    List<Long> starts = new ArrayList<>();
    long first = FastqSplitGuesser.recordStartAtOrAfter(blob, 0);
    if (first != 0 && length > 0) {
      return null;
    }
    starts.add(0L);
    for (long target = splitSize; target < length; target += splitSize) {
      long start = FastqSplitGuesser.recordStartAtOrAfter(blob, target);
      if (start < 0) {
        return null;
      }
      if (start > starts.get(starts.size() - 1) && start < length) {
        starts.add(start);
      }
    }
    List<FileSlice> slices = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      long end = i + 1 < starts.size() ? starts.get(i + 1) : length;
      slices.add(FileSlice.plainRange(blob.uri(), blob.identity(), starts.get(i), end));
    }
    return slices;
  }
}
