package io.dataplug.formats.index;

import io.dataplug.formats.api.TaskRunner;
import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.gzip.GzipDecoder;
import io.dataplug.formats.gzip.InflateEngines;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobIdentity;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.util.Set;
import java.util.function.Function;

/**
 * The checkpoint indexes of line-oriented formats (gzip checkpoints with windows, record starts and span CRCs) in
 * their {@link SidecarStore}: {@code .NAME.dpidx} beside the file, or under an {@code indexLocation}.
 */
public final class SidecarIndexes {
  public static final String SUFFIX = SidecarStore.SUFFIX;

  private final SidecarStore<FileIndex> sidecars;
  private final long span;
  private final String format;
  private final Function<String, RecordScanner> scanners;
  private final IndexBuilder.Progress progress;
  private RecordSync sync;
  private TaskRunner runner;
  private IndexBuild build = IndexBuild.AUTO;
  private InflaterEngine inflater = InflaterEngine.AUTO;

  /**
   * @param indexLocation a URI prefix for indexes, or null to keep them beside the files
   * @param span checkpoint span for new indexes
   * @param spanExplicit whether the user chose the span; then, in auto mode, an index with another span is rebuilt
   * @param scanners a record scanner for a file URI
   */
  public SidecarIndexes(BlobStore store, String indexLocation, IndexMode mode, long span, boolean spanExplicit,
      String format, Function<String, RecordScanner> scanners, IndexBuilder.Progress progress) {
    this(store, indexLocation, mode, span, spanExplicit, format, Set.of(), scanners, progress);
  }

  /**
   * @param alsoUsable formats whose existing indexes serve as well (their records start where {@code format}'s do)
   */
  public SidecarIndexes(BlobStore store, String indexLocation, IndexMode mode, long span, boolean spanExplicit,
      String format, Set<String> alsoUsable, Function<String, RecordScanner> scanners, IndexBuilder.Progress progress) {
    this.span = span;
    this.format = format;
    this.scanners = scanners;
    this.progress = progress;
    this.sidecars = new SidecarStore<>(store, indexLocation, mode, new SidecarStore.Kind<>() {
      @Override
      public String name() {
        return format;
      }

      @Override
      public boolean legacyName() {
        return true;
      }

      @Override
      public FileIndex read(Blob indexBlob) throws IOException {
        FileIndex index = FileIndex.read(indexBlob);
        if (!index.format().equals(format) && !alsoUsable.contains(index.format())) {
          throw new IndexFormatException("Index " + indexBlob.uri() + " is a " + index.format() + " index, not "
              + format);
        }
        return index;
      }

      @Override
      public BlobIdentity identity(FileIndex index) {
        return index.identity();
      }

      @Override
      public String unsuitable(FileIndex index) {
        return spanExplicit && index.span() != span
            ? "it has checkpoint span " + index.span() + ", checkpointSpan asks for " + span : null;
      }
    });
  }

  /**
   * Builds large gzip files' indexes in parallel chunks through {@code runner} ({@link ParallelIndexBuilder}), where
   * the format's records can be found from the middle of a file; others still in one sequential pass.
   */
  public SidecarIndexes buildInParallel(RecordSync sync, TaskRunner runner, IndexBuild build) {
    this.sync = sync;
    this.runner = runner;
    this.build = build;
    return this;
  }

  /** Builds with the engine option {@code inflater} names ({@link IndexBuilder}); auto when not called. */
  public SidecarIndexes inflatingWith(InflaterEngine inflater) {
    this.inflater = inflater;
    return this;
  }

  /** Where the index of {@code dataUri} lives. */
  public String indexUriFor(String dataUri) {
    return sidecars.indexUriFor(dataUri);
  }

  /** Where the checkpoint index of {@code dataUri} lives: beside it, or mirrored under {@code indexLocation}. */
  public static String indexUriFor(String dataUri, String indexLocation) {
    return SidecarStore.indexUriFor(dataUri, indexLocation, null);
  }

  /** The file's index if a valid one exists, else null; never builds. */
  public FileIndex loadIfValid(Blob data) throws IOException {
    return sidecars.loadIfValid(data);
  }

  /** Whether {@link #loadOrBuild} would build (or rebuild) this file's index now. */
  public boolean needsBuild(Blob data) throws IOException {
    return sidecars.needsBuild(data);
  }

  /** The file's index, built (and published) first when the mode says so. */
  public FileIndex loadOrBuild(Blob data) throws IOException {
    return sidecars.loadOrBuild(data, blob -> {
      IndexBuilder.Built built = null;
      if (sync != null && runner != null) {
        ParallelIndexBuilder parallel = new ParallelIndexBuilder(format, span, sync, runner, progress);
        boolean isalSequential = InflateEngines.indexing(inflater) == GzipDecoder.Engine.ISAL;
        if (runner.parallelism() >= build.minWorkers(isalSequential) && parallel.applies(blob)) {
          built = parallel.build(blob);
        }
      }
      if (built == null) {
        built = new IndexBuilder(format, span, progress, inflater).build(blob, scanners.apply(blob.uri()));
      }
      return built::writeTo;
    });
  }
}
