package io.dataplug.formats.fastq;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.IndexReport;
import io.dataplug.formats.api.IndexTask;
import io.dataplug.formats.api.Sizes;
import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanPlan;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.index.IndexMode;
import io.dataplug.formats.plan.DataFiles;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.plan.PartitionPacker;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.text.TextFilesPlanner;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A read of FASTQ files: the schema from the options, counts and plans from the indexes. */
final class FastqDataset implements FormatDataset {
  private static final Logger LOG = LoggerFactory.getLogger(FastqDataset.class);

  private static final FastqFormat FORMAT = new FastqFormat();

  private final BlobStore store;
  private final ReadOptions options;
  /** After the engine built the missing indexes, plans use them (auto) instead of rebuilding them. */
  private boolean indexesBuilt;

  FastqDataset(BlobStore store, ReadOptions options) {
    this.store = store;
    this.options = options;
  }

  /** The columns of the schema, in order. */
  List<FastqColumn> columns() {
    List<FastqColumn> columns = new ArrayList<>(List.of(FastqColumn.NAME, FastqColumn.DESCRIPTION,
        FastqColumn.SEQUENCE, FastqColumn.QUALITY));
    if (options.get(CommonOptions.INCLUDE_SOURCE_FILE)) {
      columns.add(FastqColumn.SOURCE_FILE);
    }
    if (options.get(FastqFormat.INCLUDE_ORDINAL)) {
      columns.add(FastqColumn.ORDINAL);
    }
    return columns;
  }

  @Override
  public Schema schema() {
    List<Field> fields = new ArrayList<>();
    for (FastqColumn column : columns()) {
      fields.add(column.arrowField());
    }
    return new Schema(fields);
  }

  static TextFilesPlanner.Options planning(ReadOptions o, long limit, IndexMode mode) {
    return new TextFilesPlanner.Options(DataFiles.of(o), PartitionPacker.of(o), mode,
        o.get(CommonOptions.INDEX_LOCATION), o.get(FastqFormat.CHECKPOINT_SPAN), o.given(FastqFormat.CHECKPOINT_SPAN),
        o.get(FastqFormat.INCLUDE_ORDINAL), o.get(CommonOptions.IGNORE_CORRUPT_FILES), limit);
  }

  static TextFilesPlanner planner(BlobStore store, ReadOptions o, long limit, IndexMode mode) {
    return new TextFilesPlanner(store, planning(o, limit, mode), FORMAT, PROGRESS_LOG);
  }

  private TextFilesPlanner planner(long limit) {
    IndexMode mode = options.get(CommonOptions.INDEX);
    return planner(store, options, limit, indexesBuilt ? IndexMode.AUTO : mode);
  }

  /** Index builds log their progress every 64 MiB of output. */
  static final IndexBuilder.Progress PROGRESS_LOG = (done, total, out) -> {
    if (total > 0 && LOG.isInfoEnabled()) {
      LOG.info(String.format(Locale.ROOT, "indexing: %.1f%% of %d compressed bytes, %d MiB decoded",
          100.0 * done / total, total, out >> 20));
    }
  };

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
    return new BuildIndex(options);
  }

  /** Builds one FASTQ file's index where the engine runs it; corrupt files are skipped under ignoreCorruptFiles. */
  private record BuildIndex(ReadOptions options) implements IndexTask {
    @Override
    public void build(BlobStore store, String uri) throws IOException {
      TextFilesPlanner planner = planner(store, options, -1, options.get(CommonOptions.INDEX));
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
    TextFilesPlanner.Options single = planning(options, -1, options.get(CommonOptions.INDEX)).indexingOnly(uri);
    long start = System.nanoTime();
    TextFilesPlanner.PreparedFile prepared = new TextFilesPlanner(store, single, FORMAT, progress).indexAll().get(0);
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
      partitions.add(List.copyOf(group));
    }
    return new ScanPlan(partitions, readers(request), plan.warnings(), Map.of());
  }

  private FastqReaderFactory readers(ScanRequest request) {
    List<FastqColumn> columns = new ArrayList<>();
    for (String name : request.columns()) {
      columns.add(FastqColumn.byName(name));
    }
    return new FastqReaderFactory(columns, options.get(CommonOptions.BATCH_SIZE));
  }

  @Override
  public String describe(ScanRequest request) {
    return "FastqScan[paths=" + String.join(", ", options.paths()) + ", " + options.splitDescription()
        + ", index=" + options.get(CommonOptions.INDEX).name().toLowerCase(Locale.ROOT)
        + (request.limit() >= 0 ? ", limit=" + request.limit() : "") + "]";
  }

  @Override
  public ScanPlan referencePlan(ScanRequest request) throws IOException {
    List<List<Slice>> partitions = new ArrayList<>();
    for (String uri : planner(-1).listFiles()) {
      try (Blob blob = store.open(uri)) {
        partitions.add(List.of(FileSlice.wholeFile(uri, blob.identity(), IndexBuilder.detectCodec(blob), -1)));
      }
    }
    return new ScanPlan(partitions, readers(request), List.of(), Map.of());
  }
}
