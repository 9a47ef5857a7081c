package io.dataplug.formats.text;

import io.dataplug.formats.api.LocalTaskRunner;
import io.dataplug.formats.api.TaskRunner;
import io.dataplug.formats.index.IndexBuild;
import io.dataplug.formats.index.IndexMode;
import io.dataplug.formats.codec.Codec;
import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.plan.DataFiles;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.plan.PartitionPacker;
import io.dataplug.formats.plan.SlicePlanner;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a read of many files of a line-oriented format: lists them, loads or builds their checkpoint indexes
 * (several files at once), cuts each into slices at record starts and packs slices into partitions of about the
 * split size, small files together. Engine-neutral; the format's {@link TextRecords} says what a record is.
 */
public final class TextFilesPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(TextFilesPlanner.class);

  /** What to read, how to pack it, how to index it, and how many records a pushed-down limit wants (-1: all). */
  public record Options(
      DataFiles files,
      PartitionPacker packing,
      IndexMode indexMode,
      String indexLocation,
      long checkpointSpan,
      boolean checkpointSpanGiven,
      boolean requireIndex,
      boolean ignoreCorruptFiles,
      long limit) {

    /** These options for building one file's index, whatever its codec: a corrupt file is an error, not skipped. */
    public Options indexingOnly(String uri) {
      return new Options(DataFiles.exactly(List.of(uri)), packing, indexMode, indexLocation, checkpointSpan,
          checkpointSpanGiven, true, false, -1);
    }
  }

  /** One file, prepared: its index, or slices found without one. */
  public record PreparedFile(String uri, Codec codec, FileIndex index, String indexUri, List<FileSlice> slices) {
    public long uncompressedLength() {
      return index != null ? index.uncompressedLength()
          : slices.stream().mapToLong(FileSlice::uncompressedBytes).sum();
    }
  }

  /** The partitions (each a list of slices) and what planning learned. */
  public record Plan(List<List<FileSlice>> partitions, List<PreparedFile> files, List<String> warnings) {
    public long knownRecordCount() {
      long total = 0;
      for (PreparedFile file : files) {
        if (file.index() == null) {
          return -1;
        }
        total += file.index().recordCount();
      }
      return total;
    }
  }

  private final BlobStore store;
  private final Options options;
  private final TextRecords records;
  private final SidecarIndexes indexes;
  private final List<String> warnings = new ArrayList<>();

  public TextFilesPlanner(BlobStore store, Options options, TextRecords records, IndexBuilder.Progress progress) {
    this(store, options, records, progress, null, IndexBuild.SEQUENTIAL);
  }

  /**
   * @param runner where large gzip files are indexed in parallel chunks, or null to index them sequentially
   * @param build when to use it
   */
  public TextFilesPlanner(BlobStore store, Options options, TextRecords records, IndexBuilder.Progress progress,
      TaskRunner runner, IndexBuild build) {
    this.store = store;
    this.options = options;
    this.records = records;
    this.indexes = new SidecarIndexes(store, options.indexLocation(), options.indexMode(), options.checkpointSpan(),
        options.checkpointSpanGiven(), records.indexKind(), records::scanner, progress);
    if (runner != null && records.recordSync() != null) {
      indexes.buildInParallel(records.recordSync(), runner, build);
    }
  }

  public SidecarIndexes indexes() {
    return indexes;
  }

  /** The data files the paths name, in order, without duplicates; index files and hidden files are skipped. */
  public List<String> listFiles() throws IOException {
    return options.files().list(store);
  }


  /** Prepares every file (indexes built where needed, several at once) and packs the slices into partitions. */
  public Plan plan() throws IOException {
    List<PreparedFile> prepared = prepareAll(listFiles(), false);
    return new Plan(pack(prepared), prepared, List.copyOf(warnings));
  }

  /** Indexes every file (building where needed) and returns the prepared files, for counts and the CLI. */
  public List<PreparedFile> indexAll() throws IOException {
    return prepareAll(listFiles(), true);
  }

  private List<PreparedFile> prepareAll(List<String> files, boolean forceIndex) throws IOException {
    List<PreparedFile> out = new ArrayList<>();
    if (files.isEmpty()) {
      return out;
    }
    int threads = Math.min(files.size(), Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "dataplug-index");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<PreparedFile>> futures = new ArrayList<>();
      for (String file : files) {
        futures.add(pool.submit(() -> prepare(file, forceIndex)));
      }
      for (int i = 0; i < futures.size(); i++) {
        try {
          out.add(futures.get(i).get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (options.ignoreCorruptFiles() && cause instanceof IOException && !(cause instanceof java.io.FileNotFoundException)) {
            warn("Skipping " + files.get(i) + " (ignoreCorruptFiles=true): " + cause.getMessage());
            continue;
          }
          throw LocalTaskRunner.rethrown(cause, "indexing " + files.get(i));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while indexing", e);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  /**
   * Of the {@code listed} files ({@link #listFiles}), those whose index {@link #plan} (or, with {@code forceIndex},
   * {@link #indexAll}) would build now: an engine can build them first, in parallel, where it likes.
   */
  public List<String> filesToIndex(List<String> listed, boolean forceIndex) throws IOException {
    List<String> out = new ArrayList<>();
    for (String uri : listed) {
      try (Blob blob = store.open(uri)) {
        Codec codec = IndexBuilder.detectCodec(blob);
        if (!mayGoWithoutIndex(codec, forceIndex) && indexes.needsBuild(blob)) {
          out.add(uri);
        }
      }
    }
    return out;
  }

  /** A pushed-down limit, or a plain file in auto mode, is read without building an index. */
  private boolean mayGoWithoutIndex(Codec codec, boolean forceIndex) {
    return limitOnly(forceIndex) || mayGuessSplits(codec, forceIndex);
  }

  private boolean limitOnly(boolean forceIndex) {
    return options.limit() >= 0 && !forceIndex;
  }

  private boolean mayGuessSplits(Codec codec, boolean forceIndex) {
    return codec == Codec.PLAIN && options.indexMode() == IndexMode.AUTO && !options.requireIndex()
        && !forceIndex;
  }

  private PreparedFile prepare(String uri, boolean forceIndex) throws IOException {
    try (Blob blob = store.open(uri)) {
      Codec codec = IndexBuilder.detectCodec(blob);
      String indexUri = indexes.indexUriFor(uri);
      if (mayGoWithoutIndex(codec, forceIndex)) {
        FileIndex existing = indexes.loadIfValid(blob);
        if (existing != null) {
          return new PreparedFile(uri, codec, existing, indexUri, null);
        }
        if (limitOnly(forceIndex) && options.indexMode() != IndexMode.REQUIRE) {
          // A pushed-down limit reads the first records; it never indexes a whole file.
          return new PreparedFile(uri, codec, null, null,
              List.of(FileSlice.wholeFile(uri, blob.identity(), codec, options.limit())));
        }
        if (mayGuessSplits(codec, forceIndex)) {
          List<FileSlice> slices = records.splitPlain(blob, splitSizeFor(blob.length()));
          if (slices == null) {
            warn("Could not verify " + records.splitPlainNeeds() + " at the split points of " + uri + "; reading it in"
                + " one partition. Build an index to split it exactly: option index=rebuild, or bin/dataplug index "
                + uri);
            slices = List.of(FileSlice.wholeFile(uri, blob.identity(), codec, -1));
          }
          return new PreparedFile(uri, codec, null, null, slices);
        }
      }
      FileIndex index = indexes.loadOrBuild(blob);
      return new PreparedFile(uri, index.codec(), index, indexUri, null);
    }
  }

  /** Split size for one file planned without an index; with a partition count, per file. */
  private long splitSizeFor(long length) {
    int partitions = options.packing().partitions();
    return partitions > 0 ? Math.max(1, length / partitions) : options.packing().splitSize();
  }

  /**
   * Cuts every file into slices (a partition count is shared among files by size), keeps only the slices a limit
   * needs, and packs them; with a limit each slice is its own partition, so the engine opens only as many as it needs.
   */
  private List<List<FileSlice>> pack(List<PreparedFile> files) {
    PartitionPacker packing = options.packing();
    long total = files.stream().mapToLong(PreparedFile::uncompressedLength).sum();
    List<FileSlice> slices = new ArrayList<>();
    for (PreparedFile file : files) {
      List<FileSlice> fileSlices;
      if (file.index() == null) {
        fileSlices = file.slices();
      } else if (packing.partitions() > 0) {
        int share = (int) Math.max(1,
            Math.round((double) packing.partitions() * file.uncompressedLength() / Math.max(1, total)));
        fileSlices = SlicePlanner.byCount(file.index(), file.uri(), file.indexUri(), share);
      } else {
        fileSlices = SlicePlanner.bySize(file.index(), file.uri(), file.indexUri(), packing.splitSize());
      }
      slices.addAll(fileSlices);
    }
    if (options.limit() >= 0) {
      return PartitionPacker.prefixHolding(slices.stream().map(List::of).toList(), options.limit(),
          FileSlice::recordCount);
    }
    List<List<FileSlice>> partitions = packing.pack(slices, FileSlice::uncompressedBytes, FileSlice::dataUri);
    String shortfall = packing.shortfall(partitions.size(), "the indexes");
    if (shortfall != null) {
      warn(shortfall + " (one per usable checkpoint); use a smaller checkpointSpan for finer splits");
    }
    return partitions;
  }

  private synchronized void warn(String message) {
    LOG.warn(message);
    warnings.add(message);
  }
}
