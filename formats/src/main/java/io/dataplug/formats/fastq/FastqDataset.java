package io.dataplug.formats.fastq;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanPlan;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.api.SliceReaderFactory;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.codec.DecodedInputStream;
import io.dataplug.formats.codec.PlainSource;
import io.dataplug.formats.gzip.GzipDecoder;
import io.dataplug.formats.gzip.InflateEngines;
import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.plan.DataFiles;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.plan.PartitionPacker;
import io.dataplug.formats.plan.SlicePlanner;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.text.TextFilesDataset;
import io.dataplug.formats.text.TextFilesPlanner;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read of FASTQ files: the schema from the options, counts and plans from the indexes. With {@code mate2}, a read
 * of pairs: both files indexed, mate 2's slices cut at mate 1's record ordinals, no shuffle.
 */
final class FastqDataset extends TextFilesDataset {
  private static final Logger LOG = LoggerFactory.getLogger(FastqDataset.class);
  /** Records looked at to tell Phred+33 from Phred+64 for the plan and the log. */
  private static final int QUALITY_SAMPLE = 1000;

  private final String mate2;
  private final QualityEncoding encoding;
  private String detectedEncoding;

  FastqDataset(BlobStore store, ReadOptions options) {
    super(store, options, new FastqFormat());
    this.mate2 = options.get(FastqFormat.MATE2);
    this.encoding = options.get(FastqFormat.QUALITY_ENCODING);
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
    if (mate2 != null) {
      return PairedBatchWriter.schema();
    }
    List<Field> fields = new ArrayList<>();
    for (FastqColumn column : columns()) {
      fields.add(column.arrowField());
    }
    return new Schema(fields);
  }

  /** Ordinals come from an index, so with the ordinal column (or mates) every file is indexed. */
  @Override
  protected boolean requiresIndex() {
    return options.get(FastqFormat.INCLUDE_ORDINAL) || mate2 != null;
  }

  @Override
  protected SliceReaderFactory readers(ScanRequest request) {
    if (mate2 != null) {
      return new PairedReaderFactory(request.columns(), options.get(CommonOptions.BATCH_SIZE), encoding,
          options.get(CommonOptions.INFLATER));
    }
    List<FastqColumn> columns = new ArrayList<>();
    for (String name : request.columns()) {
      columns.add(FastqColumn.byName(name));
    }
    return new FastqReaderFactory(columns, options.get(CommonOptions.BATCH_SIZE), encoding,
        options.get(CommonOptions.INFLATER));
  }

  /** Mate 1's and mate 2's files, one to one in sorted order. */
  private record Pair(String read1, String read2) {}

  private List<Pair> pairs(TextFilesPlanner planner) throws IOException {
    List<String> first = planner.listFiles();
    List<String> second = new DataFiles(List.of(mate2), options.get(CommonOptions.PATH_GLOB_FILTER),
        options.get(CommonOptions.RECURSIVE_FILE_LOOKUP)).list(store);
    if (first.size() != second.size()) {
      throw new IllegalArgumentException("Paired-end read: the paths name " + first.size() + " files " + first
          + " but mate2 names " + second.size() + " " + second + "; they pair one to one in sorted order");
    }
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < first.size(); i++) {
      pairs.add(new Pair(first.get(i), second.get(i)));
    }
    return pairs;
  }

  private FileIndex index(TextFilesPlanner planner, String uri) throws IOException {
    try (Blob blob = store.open(uri)) {
      return planner.indexes().loadOrBuild(blob);
    }
  }

  /** Both files' indexes, which must count the same records. */
  private FileIndex[] indexes(TextFilesPlanner planner, Pair pair) throws IOException {
    FileIndex one = index(planner, pair.read1());
    FileIndex two = index(planner, pair.read2());
    if (one.recordCount() != two.recordCount()) {
      throw new FastqFormatException("Mates of " + pair.read1() + " and " + pair.read2() + " differ in number: "
          + pair.read1() + " has " + one.recordCount() + " records, " + pair.read2() + " has " + two.recordCount());
    }
    return new FileIndex[] {one, two};
  }

  @Override
  public OptionalLong count(ScanRequest request) throws IOException {
    if (mate2 == null) {
      return super.count(request);
    }
    TextFilesPlanner planner = planner(-1);
    long total = 0;
    for (Pair pair : pairs(planner)) {
      total += indexes(planner, pair)[0].recordCount();
    }
    return OptionalLong.of(total);
  }

  @Override
  public ScanPlan plan(ScanRequest request) throws IOException {
    logEncoding();
    if (mate2 == null) {
      return super.plan(request);
    }
    TextFilesPlanner planner = planner(-1);
    PartitionPacker packing = PartitionPacker.of(options);
    List<Pair> pairs = pairs(planner);
    List<FileIndex[]> indexes = new ArrayList<>();
    long total = 0;
    for (Pair pair : pairs) {
      FileIndex[] both = indexes(planner, pair);
      indexes.add(both);
      total += both[0].uncompressedLength();
    }
    List<PairedSlice> slices = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      Pair pair = pairs.get(i);
      FileIndex one = indexes.get(i)[0];
      FileIndex two = indexes.get(i)[1];
      String indexUri1 = planner.indexes().indexUriFor(pair.read1());
      String indexUri2 = planner.indexes().indexUriFor(pair.read2());
      // Sizes count both mates; mate 1's file is cut at half of them.
      List<FileSlice> firsts = packing.partitions() > 0
          ? SlicePlanner.byCount(one, pair.read1(), indexUri1, (int) Math.max(1,
              Math.round((double) packing.partitions() * one.uncompressedLength() / Math.max(1, total))))
          : SlicePlanner.bySize(one, pair.read1(), indexUri1, Math.max(1, packing.splitSize() / 2));
      for (FileSlice first : firsts) {
        FileSlice second = SlicePlanner.covering(two, pair.read2(), indexUri2, first.firstOrdinal(),
            first.firstOrdinal() + first.recordCount());
        slices.add(new PairedSlice(first, second, first.firstOrdinal() - second.firstOrdinal()));
      }
    }
    List<List<PairedSlice>> groups = request.limit() >= 0
        ? PartitionPacker.prefixHolding(slices.stream().map(List::of).toList(), request.limit(),
            s -> s.read1().recordCount())
        : packing.pack(slices, PairedSlice::bytes, PairedSlice::dataUri);
    List<List<Slice>> partitions = new ArrayList<>();
    for (List<PairedSlice> group : groups) {
      partitions.add(List.copyOf(group));
    }
    return new ScanPlan(partitions, readers(request), List.of(), Map.of());
  }

  @Override
  public ScanPlan referencePlan(ScanRequest request) throws IOException {
    if (mate2 == null) {
      return super.referencePlan(request);
    }
    List<List<Slice>> partitions = new ArrayList<>();
    for (Pair pair : pairs(planner(-1))) {
      try (Blob one = store.open(pair.read1()); Blob two = store.open(pair.read2())) {
        partitions.add(List.of(new PairedSlice(
            FileSlice.wholeFile(pair.read1(), one.identity(), IndexBuilder.detectCodec(one), -1),
            FileSlice.wholeFile(pair.read2(), two.identity(), IndexBuilder.detectCodec(two), -1), 0)));
      }
    }
    return new ScanPlan(partitions, readers(request), List.of(), Map.of());
  }

  /** With qualityEncoding=auto: the offset the first records of the first file suggest (read once). */
  private synchronized String detectedEncoding() {
    if (detectedEncoding != null || encoding != QualityEncoding.AUTO) {
      return detectedEncoding;
    }
    try {
      List<String> files = planner(-1).listFiles();
      if (files.isEmpty()) {
        return detectedEncoding = "undetermined (no files)";
      }
      int[] range = {-1, -1};
      try (Blob blob = store.open(files.get(0)); InputStream in = new DecodedInputStream(
          IndexBuilder.detectCodec(blob).compressed() ? GzipDecoder.fromStart(blob, InflateEngines.preferred())
              : new PlainSource(blob, 0, blob.length()))) {
        FastqRecordReader reader = new FastqRecordReader(in, files.get(0), 0, 0);
        FastqRecordReader.Sink sink = (h, no, nl, dof, dl, s, so, sl, q, qo, ql, o) -> {
          for (int i = qo; i < qo + ql; i++) {
            int c = q[i] & 0xFF;
            range[0] = range[0] < 0 ? c : Math.min(range[0], c);
            range[1] = Math.max(range[1], c);
          }
        };
        for (int i = 0; i < QUALITY_SAMPLE && reader.next(sink); i++) {
          // sampling
        }
      }
      detectedEncoding = QualityEncoding.detect(range[0], range[1]) + " from the first records of " + files.get(0);
    } catch (IOException e) {
      detectedEncoding = "undetermined (" + e.getMessage() + ")";
    }
    return detectedEncoding;
  }

  private void logEncoding() {
    if (encoding == QualityEncoding.AUTO && LOG.isInfoEnabled()) {
      LOG.info("FASTQ quality encoding: {} (kept as written; option qualityEncoding=phred64 converts)",
          detectedEncoding());
    }
  }

  @Override
  public String describe(ScanRequest request) {
    return "FastqScan[paths=" + String.join(", ", options.paths()) + (mate2 != null ? ", mate2=" + mate2 : "")
        + ", " + options.splitDescription()
        + ", index=" + options.get(CommonOptions.INDEX).name().toLowerCase(Locale.ROOT)
        + ", inflater=" + InflateEngines.describe(options.get(CommonOptions.INFLATER))
        + ", qualityEncoding=" + encoding + (encoding == QualityEncoding.AUTO ? " (" + detectedEncoding() + ")" : "")
        + (request.limit() >= 0 ? ", limit=" + request.limit() : "") + "]";
  }
}
