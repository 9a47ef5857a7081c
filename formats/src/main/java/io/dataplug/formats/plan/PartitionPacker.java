package io.dataplug.formats.plan;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.ReadOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The one rule by which every format packs its slices into partitions. Slices stay in order; a partition closes
 * when adding the next slice would overshoot the target by more than half that slice. The target is
 * {@code splitSize}, or with a partition count the total divided by the count. Each further file a partition opens
 * counts {@code openCost} bytes beyond its own (Spark's spark.sql.files.openCostInBytes), so that many small files
 * spread over several partitions; a partition count ignores it.
 *
 * <p>With the engine's parallelism known ({@code minPartitions}, Spark's spark.sql.files.minPartitionNum or its
 * default parallelism) and {@code splitSize} not given by the read, a read of more than one splitSize evens out:
 * the partition count rounds up to a multiple of the cores and every partition takes an equal share, so that no
 * core waits on a last full-size partition while the others finish a small remainder. A smaller read keeps the
 * target (small files still share partitions by their open cost).
 */
public record PartitionPacker(long splitSize, long openCost, int partitions, int minPartitions) {

  public PartitionPacker {
    if (splitSize <= 0) {
      throw new IllegalArgumentException("split size must be positive: " + splitSize);
    }
  }

  public PartitionPacker(long splitSize, long openCost, int partitions) {
    this(splitSize, openCost, partitions, 0);
  }

  /** The packing a read asked for. */
  public static PartitionPacker of(ReadOptions options) {
    return new PartitionPacker(options.splitSize(), options.openCost(), options.partitions(),
        options.given(CommonOptions.SPLIT_SIZE) ? 0 : options.minPartitions());
  }

  /** One partition holding everything: the sequential reference read. */
  public static PartitionPacker whole() {
    return new PartitionPacker(Long.MAX_VALUE / 4, 0, 0);
  }

  /** Target bytes per partition for a read of {@code totalBytes}. */
  public long target(long totalBytes) {
    if (partitions > 0) {
      return Math.max(1, ceilDiv(totalBytes, partitions));
    }
    if (minPartitions <= 0 || totalBytes <= 0) {
      return splitSize;
    }
    long count = ceilDiv(totalBytes, splitSize);
    if (count <= 1) {
      return splitSize;
    }
    count = ceilDiv(count, minPartitions) * minPartitions;
    return Math.max(1, ceilDiv(totalBytes, count));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /**
   * Packs {@code units} (each weighing {@code bytes}, from the file {@code fileOf} names) into partitions of about
   * {@link #target} of their total.
   */
  public <U> List<List<U>> pack(List<U> units, ToLongFunction<? super U> bytes, Function<? super U, ?> fileOf) {
    long total = 0;
    for (U unit : units) {
      total += bytes.applyAsLong(unit);
    }
    long target = target(total);
    long perFurtherFile = partitions > 0 ? 0 : openCost;
    List<List<U>> packed = new ArrayList<>();
    List<U> current = new ArrayList<>();
    long currentBytes = 0;
    for (U unit : units) {
      long own = bytes.applyAsLong(unit);
      boolean furtherFile = !current.isEmpty()
          && !Objects.equals(fileOf.apply(current.get(current.size() - 1)), fileOf.apply(unit));
      long cost = own + (furtherFile ? perFurtherFile : 0);
      if (!current.isEmpty() && currentBytes + cost / 2 > target) {
        packed.add(current);
        current = new ArrayList<>();
        currentBytes = 0;
        cost = own;
      }
      current.add(unit);
      currentBytes += cost;
    }
    if (!current.isEmpty()) {
      packed.add(current);
    }
    return packed;
  }

  /**
   * The shortest prefix of the partitions' slices, in order, that holds {@code rows} rows: all that a pushed-down
   * limit needs to read. A slice whose row count is unknown (negative) counts for none, so the prefix goes on past
   * it; with {@code rows} negative (no limit) everything is kept.
   */
  public static <S> List<List<S>> prefixHolding(List<List<S>> partitions, long rows, ToLongFunction<? super S> rowsOf) {
    if (rows < 0) {
      return partitions;
    }
    List<List<S>> out = new ArrayList<>();
    long remaining = rows;
    for (List<S> partition : partitions) {
      List<S> kept = new ArrayList<>();
      for (S slice : partition) {
        if (remaining <= 0) {
          break;
        }
        kept.add(slice);
        long held = rowsOf.applyAsLong(slice);
        if (held >= 0) {
          remaining -= held;
        }
      }
      if (!kept.isEmpty()) {
        out.add(kept);
      }
    }
    return out;
  }

  /**
   * When a partition count was asked for and the units allow fewer partitions, what to tell the user; null
   * otherwise. {@code why} says where this format can split.
   */
  public String shortfall(int planned, String why) {
    if (partitions <= 0 || planned >= partitions || planned == 0) {
      return null;
    }
    return "Asked for " + partitions + " partitions but " + why + " allow only " + planned;
  }
}
