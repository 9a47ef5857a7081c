package io.dataplug.formats.plan;

import io.dataplug.formats.index.Checkpoint;
import io.dataplug.formats.index.FileIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an index into slices without touching the data. Slice boundaries are record starts recorded in the index,
 * so every record belongs to exactly one slice whatever the target size.
 */
public final class SlicePlanner {
  private SlicePlanner() {}

  /** Checkpoints that start a distinct record run: the first of each group with the same record offset. */
  public static List<Integer> usableCheckpoints(FileIndex index) {
    List<Integer> usable = new ArrayList<>();
    long previous = -1;
    List<Checkpoint> checkpoints = index.checkpoints();
    for (int i = 0; i < checkpoints.size(); i++) {
      long record = checkpoints.get(i).recordOffset();
      if (record > previous && record < index.uncompressedLength()) {
        usable.add(i);
        previous = record;
      }
    }
    return usable;
  }

  /** Slices of about {@code splitSize} uncompressed bytes each. */
  public static List<FileSlice> bySize(FileIndex index, String dataUri, String indexUri, long splitSize) {
    if (splitSize <= 0) {
      throw new IllegalArgumentException("split size must be positive: " + splitSize);
    }
    List<Integer> usable = usableCheckpoints(index);
    List<Integer> starts = new ArrayList<>();
    int from = 0;
    while (from < usable.size()) {
      starts.add(from);
      long target = recordOffset(index, usable, from) + splitSize;
      int to = from + 1;
      while (to < usable.size() && recordOffset(index, usable, to) < target) {
        to++;
      }
      // Take the boundary nearest the target: the one reached, or the one just before it.
      if (to < usable.size() && to - 1 > from
          && target - recordOffset(index, usable, to - 1) < recordOffset(index, usable, to) - target) {
        to--;
      }
      from = to;
    }
    return slices(index, dataUri, indexUri, usable, starts);
  }

  /**
   * {@code count} slices of about equal size: boundary k is the usable checkpoint nearest to k/count of the data.
   * Fewer when the index has fewer usable checkpoints.
   */
  public static List<FileSlice> byCount(FileIndex index, String dataUri, String indexUri, int count) {
    if (count <= 0) {
      throw new IllegalArgumentException("partition count must be positive: " + count);
    }
    List<Integer> usable = usableCheckpoints(index);
    List<Integer> starts = new ArrayList<>();
    if (!usable.isEmpty()) {
      starts.add(0);
    }
    int candidate = 1;
    for (int k = 1; k < count && candidate < usable.size(); k++) {
      long target = index.uncompressedLength() / count * k + index.uncompressedLength() % count * k / count;
      while (candidate + 1 < usable.size() && Math.abs(recordOffset(index, usable, candidate + 1) - target)
          <= Math.abs(recordOffset(index, usable, candidate) - target)) {
        candidate++;
      }
      starts.add(candidate);
      candidate++;
    }
    return slices(index, dataUri, indexUri, usable, starts);
  }

  private static long recordOffset(FileIndex index, List<Integer> usable, int position) {
    return index.checkpoints().get(usable.get(position)).recordOffset();
  }

  /** One slice from each start (a position in {@code usable}) to the next start, the last to the end. */
  private static List<FileSlice> slices(FileIndex index, String dataUri, String indexUri, List<Integer> usable,
      List<Integer> starts) {
    List<FileSlice> slices = new ArrayList<>();
    if (index.recordCount() == 0) {
      return slices;
    }
    for (int i = 0; i < starts.size(); i++) {
      int to = i + 1 < starts.size() ? usable.get(starts.get(i + 1)) : -1;
      slices.add(slice(index, dataUri, indexUri, usable.get(starts.get(i)), to));
    }
    return slices;
  }

  /**
   * The shortest exact slice that holds records {@code [fromOrdinal, toOrdinal)}: from the last usable checkpoint at
   * or before the first of them to the first checkpoint whose first record is at or after the end. A reader skips
   * {@code fromOrdinal - slice.firstOrdinal()} records first. Used to cut a second file at the ordinals of the first
   * (paired-end mates).
   */
  public static FileSlice covering(FileIndex index, String dataUri, String indexUri, long fromOrdinal,
      long toOrdinal) {
    List<Checkpoint> checkpoints = index.checkpoints();
    List<Integer> usable = usableCheckpoints(index);
    int a = usable.isEmpty() ? 0 : usable.get(0);
    for (int i : usable) {
      if (checkpoints.get(i).recordOrdinal() <= fromOrdinal) {
        a = i;
      }
    }
    int b = -1;
    for (int i = a + 1; i < checkpoints.size(); i++) {
      Checkpoint c = checkpoints.get(i);
      if (c.recordOrdinal() >= toOrdinal) {
        b = c.recordOffset() < index.uncompressedLength() ? i : -1;
        break;
      }
    }
    return slice(index, dataUri, indexUri, a, b);
  }

  /** The slice from checkpoint {@code a} up to checkpoint {@code b}'s first record ({@code b} -1: the end). */
  public static FileSlice slice(FileIndex index, String dataUri, String indexUri, int a, int b) {
    List<Checkpoint> checkpoints = index.checkpoints();
    Checkpoint start = checkpoints.get(a);
    long total = index.uncompressedLength();
    long endOffset = b < 0 ? total : checkpoints.get(b).recordOffset();
    long endOrdinal = b < 0 ? index.recordCount() : checkpoints.get(b).recordOrdinal();
    List<Long> ends = new ArrayList<>();
    List<Integer> crcs = new ArrayList<>();
    List<Long> endBits = new ArrayList<>();
    long compressedEnd = index.identity().length();
    long softEnd = compressedEnd;
    for (int i = a; i < checkpoints.size() && checkpoints.get(i).uncompressedOffset() < endOffset; i++) {
      Checkpoint c = checkpoints.get(i);
      long spanEnd = i + 1 < checkpoints.size() ? checkpoints.get(i + 1).uncompressedOffset() : total;
      if (spanEnd <= endOffset) {
        ends.add(spanEnd);
        crcs.add(c.spanCrc());
        endBits.add(i + 1 < checkpoints.size() ? checkpoints.get(i + 1).bitOffset() : 8 * index.identity().length());
      } else {
        if (c.recordOffset() != endOffset) {
          throw new IllegalStateException("index inconsistent: checkpoint " + i + " first record "
              + c.recordOffset() + " but slice ends at " + endOffset);
        }
        ends.add(endOffset);
        crcs.add(c.headCrc());
        endBits.add(-1L);
        // Only the end of the last record lies past this checkpoint.
        softEnd = c.compressedByteOffset() + 1;
      }
      if (spanEnd >= endOffset && i + 1 < checkpoints.size()) {
        // The decoder needs nothing past the next checkpoint; a little slack covers the bit reader's look-ahead.
        compressedEnd = Math.min(compressedEnd, checkpoints.get(i + 1).compressedByteOffset() + 64);
      }
    }
    long[] segmentEnds = ends.stream().mapToLong(Long::longValue).toArray();
    int[] segmentCrcs = crcs.stream().mapToInt(Integer::intValue).toArray();
    return new FileSlice(dataUri, index.identity(), indexUri, index.codec(), start, true, start.recordOffset(),
        endOffset, start.recordOrdinal(), endOrdinal - start.recordOrdinal(), -1, compressedEnd,
        Math.min(softEnd, compressedEnd), segmentEnds, segmentCrcs,
        endBits.stream().mapToLong(Long::longValue).toArray());
  }
}
