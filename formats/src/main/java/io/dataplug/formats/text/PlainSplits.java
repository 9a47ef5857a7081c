package io.dataplug.formats.text;

import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.storage.Blob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Cuts a plain (uncompressed) file into slices at record starts found near each target offset, without an index. */
public final class PlainSplits {

  /** Finds the first record start at or after an offset. */
  @FunctionalInterface
  public interface RecordStarts {
    /** The first record start at or after {@code offset}, the file length when none follows, -1 when unsure. */
    long atOrAfter(Blob blob, long offset) throws IOException;
  }

  private PlainSplits() {}

  /**
   * Slices of about {@code splitSize} bytes, the first starting at {@code firstRecord}; null when some cut cannot be
   * placed with certainty.
   */
  public static List<FileSlice> cut(Blob blob, long firstRecord, long splitSize, RecordStarts starts)
      throws IOException {
    long length = blob.length();
    List<Long> cuts = new ArrayList<>();
    cuts.add(firstRecord);
    for (long target = firstRecord + splitSize; target < length; target += splitSize) {
      long start = starts.atOrAfter(blob, target);
      if (start < 0) {
        return null;
      }
      if (start > cuts.get(cuts.size() - 1) && start < length) {
        cuts.add(start);
      }
    }
    List<FileSlice> slices = new ArrayList<>();
    for (int i = 0; i < cuts.size(); i++) {
      long end = i + 1 < cuts.size() ? cuts.get(i + 1) : length;
      slices.add(FileSlice.plainRange(blob.uri(), blob.identity(), cuts.get(i), end));
    }
    return slices;
  }
}
