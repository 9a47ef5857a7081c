package io.dataplug.formats.text;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.IndexReport;
import io.dataplug.formats.api.IndexTask;
import io.dataplug.formats.api.TaskRunner;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanPlan;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.api.Sizes;
import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.api.SliceReaderFactory;
import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.index.IndexBuild;
import io.dataplug.formats.index.IndexMode;
import io.dataplug.formats.plan.DataFiles;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.plan.PartitionPacker;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every read of a line-oriented format does the same way: counts from the checkpoint indexes, the files an
 * engine may index first (in parallel) and the task that does it, the CLI's index report, and plans of slices cut at
 * record starts. A format adds its schema, its reader factory and how its slices carry what the reader needs.
 */
public abstract class TextFilesDataset implements FormatDataset {
  private static final Logger LOG = LoggerFactory.getLogger(TextFilesDataset.class);

  /** Index builds log their progress every 64 MiB of output. */
  public static final IndexBuilder.Progress PROGRESS_LOG = (done, total, out) -> {
    if (total > 0 && LOG.isInfoEnabled()) {
      LOG.info(String.format(Locale.ROOT, "indexing: %.1f%% of %d compressed bytes, %d MiB decoded",
          100.0 * done / total, total, out >> 20));
    }
  };

  protected final BlobStore store;
  protected final ReadOptions options;
  private final TextRecords records;
  /** After the engine built the missing indexes, plans use them (auto) instead of rebuilding them. */
  private boolean indexesBuilt;
  private TaskRunner runner;

  protected TextFilesDataset(BlobStore store, ReadOptions options, TextRecords records) {
    this.store = store;
    this.options = options;
    this.records = records;
  }

  /** Whether every file must be indexed even where a plain file could be split without (an ordinal column). */
  protected boolean requiresIndex() {
    return false;
  }

  /** The format's reader of the requested columns. */
  protected abstract SliceReaderFactory readers(ScanRequest request) throws IOException;

  /** The slice a task gets for one piece of a file (the format may attach what its reader needs). */
  protected Slice slice(FileSlice piece) throws IOException {
    return piece;
  }

  private static TextFilesPlanner.Options planning(ReadOptions o, long limit, IndexMode mode, boolean requireIndex) {
    return new TextFilesPlanner.Options(DataFiles.of(o), PartitionPacker.of(o), mode,
        o.get(CommonOptions.INDEX_LOCATION), o.get(CommonOptions.CHECKPOINT_SPAN),
        o.given(CommonOptions.CHECKPOINT_SPAN), requireIndex, o.get(CommonOptions.IGNORE_CORRUPT_FILES), limit);
  }

  private static TextFilesPlanner planner(BlobStore store, ReadOptions o, TextRecords records, long limit,
      IndexMode mode, boolean requireIndex, TaskRunner runner) {
    IndexBuild build = o.accepts(CommonOptions.INDEX_BUILD) ? o.get(CommonOptions.INDEX_BUILD) : IndexBuild.AUTO;
    TextFilesPlanner planner =
        new TextFilesPlanner(store, planning(o, limit, mode, requireIndex), records, PROGRESS_LOG, runner, build);
    planner.indexes().inflatingWith(o.accepts(CommonOptions.INFLATER) ? o.get(CommonOptions.INFLATER)
        : InflaterEngine.AUTO);
    return planner;
  }

  protected TextFilesPlanner planner(long limit) {
    IndexMode mode = options.get(CommonOptions.INDEX);
    return planner(store, options, records, limit, indexesBuilt ? IndexMode.AUTO : mode, requiresIndex(), runner);
  }

  @Override
  public void runTasksWith(TaskRunner runner) {
    this.runner = runner;
  }

  @Override
  public boolean canCount(ScanRequest request) {
    return true;
  }

  @Override
  public OptionalLong count(ScanRequest request) throws IOException {
    long total = 0;
    for (TextFilesPlanner.PreparedFile file : planner(-1).indexAll()) {
      total += file.index().recordCount();
    }
    return OptionalLong.of(total);
  }

  @Override
  public List<String> filesToIndex(ScanRequest request, boolean forCount) throws IOException {
    TextFilesPlanner planner = planner(forCount ? -1 : request.limit());
    List<String> listed = planner.listFiles();
    // One file is indexed while planning: do not probe it (and its index) twice.
    if (listed.size() < 2) {
      return List.of();
    }
    List<String> files = planner.filesToIndex(listed, forCount);
    if (files.size() < 2) {
      return List.of();
    }
    indexesBuilt = true;
    return files;
  }

  @Override
  public IndexTask indexTask() {
    return new BuildIndex(options, records, requiresIndex());
  }

  /** Builds one file's index where the engine runs it; corrupt files are skipped under ignoreCorruptFiles. */
  private record BuildIndex(ReadOptions options, TextRecords records, boolean requireIndex) implements IndexTask {
    @Override
    public void build(BlobStore store, String uri) throws IOException {
      TextFilesPlanner planner = planner(store, options, records, -1, options.get(CommonOptions.INDEX),
          requireIndex, null);
      try (Blob blob = store.open(uri)) {
        planner.indexes().loadOrBuild(blob);
      } catch (IOException e) {
        if (!options.get(CommonOptions.IGNORE_CORRUPT_FILES) || e instanceof FileNotFoundException) {
          throw e;
        }
        LOG.warn("Could not index {} (ignoreCorruptFiles=true; the scan will skip it): {}", uri, e.getMessage());
      }
    }
  }

  @Override
  public IndexReport indexFile(String uri, IndexBuilder.Progress progress) throws IOException {
    TextFilesPlanner.Options single = planning(options, -1, options.get(CommonOptions.INDEX), requiresIndex())
        .indexingOnly(uri);
    long start = System.nanoTime();
    TextFilesPlanner.PreparedFile prepared = new TextFilesPlanner(store, single, records, progress, runner,
        options.accepts(CommonOptions.INDEX_BUILD) ? options.get(CommonOptions.INDEX_BUILD) : IndexBuild.AUTO).indexAll()
        .get(0);
    double seconds = (System.nanoTime() - start) / 1e9;
    FileIndex index = prepared.index();
    long compressed = index.identity().length();
    return new IndexReport(uri, prepared.indexUri(), index.sizeInBytes(), compressed,
        String.format(Locale.ROOT, "codec %s, %,d records, %,d uncompressed bytes, %,d checkpoints (span %s)",
            index.codec().name().toLowerCase(Locale.ROOT), index.recordCount(), index.uncompressedLength(),
            index.checkpoints().size(), Sizes.human(index.span())),
        String.format(Locale.ROOT, "%.2f s, %.1f MB/s compressed, %.1f MB/s uncompressed", seconds,
            compressed / 1e6 / seconds, index.uncompressedLength() / 1e6 / seconds));
  }

  @Override
  public ScanPlan plan(ScanRequest request) throws IOException {
    TextFilesPlanner.Plan plan = planner(request.limit()).plan();
    List<List<Slice>> partitions = new ArrayList<>();
    for (List<FileSlice> group : plan.partitions()) {
      List<Slice> slices = new ArrayList<>();
      for (FileSlice piece : group) {
        slices.add(slice(piece));
      }
      partitions.add(slices);
    }
    return new ScanPlan(partitions, readers(request), plan.warnings(), Map.of());
  }

  @Override
  public ScanPlan referencePlan(ScanRequest request) throws IOException {
    List<List<Slice>> partitions = new ArrayList<>();
    for (String uri : planner(-1).listFiles()) {
      try (Blob blob = store.open(uri)) {
        partitions.add(List.of(slice(FileSlice.wholeFile(uri, blob.identity(), IndexBuilder.detectCodec(blob), -1))));
      }
    }
    return new ScanPlan(partitions, readers(request), List.of(), Map.of());
  }
}
