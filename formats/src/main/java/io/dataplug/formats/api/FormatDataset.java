package io.dataplug.formats.api;

import io.dataplug.formats.index.IndexBuilder;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One read of one format over some files, on the driver: its schema, what it can answer or prune without reading
 * data, its plan, and its sequential reference read.
 */
public interface FormatDataset {

  /** The Arrow schema of every column this read can produce (opt-in columns included when the options ask). */
  Schema schema() throws IOException;

  /** Whether planning prunes with this predicate (the engine still checks every filter, so pruning never changes a result). */
  default boolean usesPredicate(Predicate predicate) {
    return false;
  }

  /**
   * For plan strings: {@code ", UNITS where a LT 1 and b GE 2"} for the request's predicates that this read prunes
   * with ({@link #usesPredicate}), or "" when none.
   */
  default String prunedBy(ScanRequest request, String units) {
    List<String> used = new java.util.ArrayList<>();
    for (Predicate p : request.predicates()) {
      if (usesPredicate(p)) {
        used.add(p.column() + " " + p.op() + " " + p.value());
      }
    }
    return used.isEmpty() ? "" : ", " + units + " where " + String.join(" and ", used);
  }

  /** Whether {@link #count} answers {@code count(*)} of this request without reading data. */
  default boolean canCount(ScanRequest request) {
    return false;
  }

  /** {@code count(*)} from an index or headers, building missing indexes where the format needs them. */
  default OptionalLong count(ScanRequest request) throws IOException {
    return OptionalLong.empty();
  }

  /**
   * Files whose index a plan (or, with {@code forCount}, a count) of this request would build now. An engine can
   * build them first, in parallel, with {@link #indexTask()}; the plan then finds them built.
   */
  default List<String> filesToIndex(ScanRequest request, boolean forCount) throws IOException {
    return List.of();
  }

  /**
   * Where this dataset may run work of its own as tasks (indexing a large gzip file in parallel chunks); without
   * one it does such work on the calling thread.
   */
  default void runTasksWith(TaskRunner runner) {}

  /** Builds one file's index anywhere (an executor, a thread); null when the format keeps no sidecar index. */
  default IndexTask indexTask() {
    return null;
  }

  /**
   * Builds (or loads, as the index mode says) one file's index and reports it; null when the format keeps no
   * sidecar index.
   */
  default IndexReport indexFile(String uri, IndexBuilder.Progress progress) throws IOException {
    return null;
  }

  /**
   * A long column whose value is the same in every row of a partition and different between partitions of a
   * {@link #plan}, each partition's value in {@link ScanPlan#partitionKeys()}; null when there is none. An engine can
   * take it as the read's partitioning (Spark: grouping by it needs no exchange).
   */
  default String partitionKeyColumn(ScanRequest request) {
    return null;
  }

  /** Plans the read: slices packed into partitions, and the reader factory the executors use. */
  ScanPlan plan(ScanRequest request) throws IOException;

  /** A one-line description of the planned read, for {@code explain()} (never secrets). */
  String describe(ScanRequest request);

  /** Reads every row of every file sequentially, without an index: the oracle of the conformance suite. */
  ScanPlan referencePlan(ScanRequest request) throws IOException;
}
