package io.dataplug.formats.fasta;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.IndexReport;
import io.dataplug.formats.api.Predicate;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanPlan;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.codec.Codec;
import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.index.Checkpoint;
import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.plan.DataFiles;
import io.dataplug.formats.plan.PartitionPacker;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobIdentity;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.text.TextFilesDataset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A read of FASTA files: each file's contig table and access points (a {@code .fai}, with a {@code .gzi} for BGZF,
 * or this project's index), pieces filtered by the pushed region predicates, consecutive pieces of a contig grouped
 * into slices of about the split size, slices packed into partitions.
 */
final class FastaDataset implements FormatDataset {
  private static final Set<String> PRUNING_COLUMNS = Set.of(FastaFormat.CONTIG_NAME, FastaFormat.START,
      FastaFormat.END);
  /** Bytes read before a contig's first base to check a {@code .fai} against the file. */
  private static final int HEADER_CHECK = 4096;

  private final BlobStore store;
  private final ReadOptions options;
  private final int pieceLength;
  private final SidecarIndexes indexes;

  /** One file's contigs and where reading can start: a layout. */
  private record Layout(String uri, BlobIdentity identity, Codec codec, List<FastaContig> contigs, String source,
      FileIndex index, String indexUri, long[] gziCompressed, long[] gziUncompressed) {}

  FastaDataset(BlobStore store, ReadOptions options) {
    this.store = store;
    this.options = options;
    this.pieceLength = options.get(FastaFormat.PIECE_LENGTH);
    this.indexes = new SidecarIndexes(store, options.get(CommonOptions.INDEX_LOCATION),
        options.get(CommonOptions.INDEX), options.get(CommonOptions.CHECKPOINT_SPAN),
        options.given(CommonOptions.CHECKPOINT_SPAN), FastaFormat.NAME, FastaScanner::new,
        TextFilesDataset.PROGRESS_LOG).inflatingWith(options.accepts(CommonOptions.INFLATER)
            ? options.get(CommonOptions.INFLATER) : InflaterEngine.AUTO);
  }

  @Override
  public Schema schema() {
    return FastaFormat.schema(options.get(CommonOptions.INCLUDE_SOURCE_FILE));
  }

  @Override
  public boolean usesPredicate(Predicate predicate) {
    return PRUNING_COLUMNS.contains(predicate.column())
        && (predicate.column().equals(FastaFormat.CONTIG_NAME) ? predicate.value() instanceof String
        : predicate.value() instanceof Number);
  }

  private List<String> files() throws IOException {
    return DataFiles.of(options).list(store);
  }

  private Layout layout(String uri) throws IOException {
    try (Blob blob = store.open(uri)) {
      Codec codec = IndexBuilder.detectCodec(blob);
      String fai = uri + ".fai";
      if (codec == Codec.PLAIN && store.exists(fai)) {
        List<FastaContig> contigs = readFai(fai);
        checkFai(blob, contigs, fai);
        return new Layout(uri, blob.identity(), codec, contigs, fai, null, null, null, null);
      }
      if (codec == Codec.BGZF && store.exists(fai) && store.exists(uri + ".gzi")) {
        List<FastaContig> contigs = readFai(fai);
        long[][] gzi = readGzi(uri + ".gzi");
        return new Layout(uri, blob.identity(), codec, contigs, fai + " and .gzi", null, null, gzi[0], gzi[1]);
      }
      FileIndex index = indexes.loadOrBuild(blob);
      String indexUri = indexes.indexUriFor(uri);
      return new Layout(uri, blob.identity(), index.codec(), FastaContigs.decode(index.formatTable(), indexUri),
          "index " + indexUri, index, indexUri, null, null);
    }
  }

  private List<FastaContig> readFai(String fai) throws IOException {
    try (Blob blob = store.open(fai)) {
      byte[] text = new byte[(int) blob.length()];
      blob.readFully(0, text, 0, text.length);
      return FastaContigs.parseFai(new String(text, StandardCharsets.UTF_8), fai);
    }
  }

  /** A {@code .fai} must fit the file: its last contig ends inside it, and its first and last contigs' headers are where it says. */
  private static void checkFai(Blob blob, List<FastaContig> contigs, String fai) throws IOException {
    if (contigs.isEmpty()) {
      throw new FastaFormatException(fai + " lists no contig; rebuild it (samtools faidx) or delete it");
    }
    FastaContig last = contigs.get(contigs.size() - 1);
    if (last.endByteOf(last.length()) > blob.length()) {
      throw new FastaFormatException(fai + " does not match " + blob.uri() + ": contig " + last.name() + " would end"
          + " at byte " + last.endByteOf(last.length()) + " but the file has " + blob.length() + " bytes; rebuild"
          + " it (samtools faidx) or delete it");
    }
    for (FastaContig contig : List.of(contigs.get(0), last)) {
      int n = (int) Math.min(HEADER_CHECK, contig.offset());
      byte[] before = new byte[n];
      blob.readFully(contig.offset() - n, before, 0, n);
      String text = new String(before, StandardCharsets.ISO_8859_1);
      int header = text.lastIndexOf('>', Math.max(0, text.length() - 2));
      String line = header < 0 ? "" : text.substring(header + 1).replaceAll("[\r\n]+$", "");
      String name = line.split("[ \t]", 2)[0];
      if (!text.endsWith("\n") || !name.equals(contig.name())) {
        throw new FastaFormatException(fai + " does not match " + blob.uri() + ": contig " + contig.name()
            + " should start at byte " + contig.offset() + " after its header line, but the line before it is '"
            + (header < 0 ? "(none)" : line) + "'; rebuild it (samtools faidx) or delete it");
      }
    }
  }

  /** bgzip's {@code .gzi}: a little-endian count, then (compressed, uncompressed) offset pairs of block starts. */
  private long[][] readGzi(String gzi) throws IOException {
    try (Blob blob = store.open(gzi)) {
      byte[] bytes = new byte[(int) blob.length()];
      blob.readFully(0, bytes, 0, bytes.length);
      ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      long count = bytes.length >= 8 ? in.getLong() : -1;
      if (count < 0 || 8 + count * 16 != bytes.length) {
        throw new FastaFormatException(gzi + " is not a bgzip .gzi index (" + bytes.length + " bytes); rebuild it"
            + " (bgzip -r) or delete it");
      }
      long[] compressed = new long[(int) count + 1];
      long[] uncompressed = new long[(int) count + 1];
      for (int i = 1; i <= count; i++) {
        compressed[i] = in.getLong();
        uncompressed[i] = in.getLong();
      }
      return new long[][] {compressed, uncompressed};
    }
  }

  /** The pieces of a file that the predicates keep, as runs of consecutive pieces of one contig. */
  private List<FastaSlice> slices(Layout layout, List<Predicate> predicates, long targetBytes) {
    List<FastaSlice> out = new ArrayList<>();
    for (FastaContig contig : layout.contigs()) {
      if (!contigMatches(contig.name(), predicates)) {
        continue;
      }
      long pieces = Math.max(1, (contig.length() + pieceLength - 1) / pieceLength);
      long runFrom = -1;
      long runTo = -1;
      for (long k = 0; k < pieces; k++) {
        long from = k * pieceLength;
        long to = Math.min(contig.length(), from + pieceLength);
        if (!pieceMatches(from, to, predicates)) {
          if (runFrom >= 0) {
            out.add(slice(layout, contig, runFrom, runTo));
            runFrom = -1;
          }
          continue;
        }
        if (runFrom >= 0 && contig.endByteOf(to) - contig.byteOf(runFrom) > targetBytes) {
          out.add(slice(layout, contig, runFrom, runTo));
          runFrom = -1;
        }
        if (runFrom < 0) {
          runFrom = from;
        }
        runTo = to;
      }
      if (runFrom >= 0) {
        out.add(slice(layout, contig, runFrom, runTo));
      }
    }
    return out;
  }

  private static boolean contigMatches(String name, List<Predicate> predicates) {
    for (Predicate p : predicates) {
      if (p.column().equals(FastaFormat.CONTIG_NAME) && p.value() instanceof String value
          && !holds(name.compareTo(value), p.op())) {
        return false;
      }
    }
    return true;
  }

  private static boolean pieceMatches(long from, long to, List<Predicate> predicates) {
    for (Predicate p : predicates) {
      if (p.value() instanceof Number n) {
        long value = n.longValue();
        if (n.doubleValue() != value) {
          continue;
        }
        if (p.column().equals(FastaFormat.START) && !holds(Long.compare(from, value), p.op())) {
          return false;
        }
        if (p.column().equals(FastaFormat.END) && !holds(Long.compare(to, value), p.op())) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean holds(int comparison, Predicate.Op op) {
    return switch (op) {
      case EQ -> comparison == 0;
      case LT -> comparison < 0;
      case LE -> comparison <= 0;
      case GT -> comparison > 0;
      case GE -> comparison >= 0;
    };
  }

  private FastaSlice slice(Layout layout, FastaContig contig, long from, long to) {
    long first = contig.byteOf(from);
    long last = contig.endByteOf(to);
    long length = layout.identity().length();
    if (layout.index() != null) {
      List<Checkpoint> checkpoints = layout.index().checkpoints();
      int a = 0;
      while (a + 1 < checkpoints.size() && checkpoints.get(a + 1).uncompressedOffset() <= first) {
        a++;
      }
      List<Long> ends = new ArrayList<>();
      List<Integer> crcs = new ArrayList<>();
      int b = a;
      long verifiedEnd;
      while (true) {
        long spanEnd = b + 1 < checkpoints.size() ? checkpoints.get(b + 1).uncompressedOffset()
            : layout.index().uncompressedLength();
        ends.add(spanEnd);
        crcs.add(checkpoints.get(b).spanCrc());
        b++;
        if (spanEnd >= last || b >= checkpoints.size()) {
          verifiedEnd = spanEnd;
          break;
        }
      }
      long compressedEnd = b < checkpoints.size()
          ? Math.min(length, checkpoints.get(b).compressedByteOffset() + 64) : length;
      return new FastaSlice(layout.uri(), layout.identity(), layout.codec(), contig, from, to, pieceLength,
          checkpoints.get(a), layout.indexUri(), verifiedEnd, ends.stream().mapToLong(Long::longValue).toArray(),
          crcs.stream().mapToInt(Integer::intValue).toArray(), compressedEnd, layout.source());
    }
    if (layout.gziCompressed() != null) {
      long[] compressed = layout.gziCompressed();
      long[] uncompressed = layout.gziUncompressed();
      int a = 0;
      while (a + 1 < uncompressed.length && uncompressed[a + 1] <= first) {
        a++;
      }
      int b = a;
      while (b < uncompressed.length && uncompressed[b] < last) {
        b++;
      }
      long compressedEnd = b < compressed.length ? Math.min(length, compressed[b] + 64) : length;
      Checkpoint start = new Checkpoint(compressed[a] * 8, uncompressed[a], true, 0, uncompressed[a], 0, 0, -1, 0,
          0, 0);
      return new FastaSlice(layout.uri(), layout.identity(), layout.codec(), contig, from, to, pieceLength, start,
          null, -1, null, null, compressedEnd, layout.source());
    }
    return new FastaSlice(layout.uri(), layout.identity(), layout.codec(), contig, from, to, pieceLength, null, null,
        -1, null, null, length, layout.source());
  }

  @Override
  public boolean canCount(ScanRequest request) {
    return request.predicates().isEmpty();
  }

  @Override
  public OptionalLong count(ScanRequest request) throws IOException {
    long rows = 0;
    for (String uri : files()) {
      for (FastaContig contig : layout(uri).contigs()) {
        rows += Math.max(1, (contig.length() + pieceLength - 1) / pieceLength);
      }
    }
    return OptionalLong.of(rows);
  }

  @Override
  public IndexReport indexFile(String uri, IndexBuilder.Progress progress) throws IOException {
    long start = System.nanoTime();
    Layout layout = layout(uri);
    double seconds = (System.nanoTime() - start) / 1e9;
    long bases = layout.contigs().stream().mapToLong(FastaContig::length).sum();
    return new IndexReport(uri, layout.source(), layout.index() == null ? 0 : layout.index().sizeInBytes(),
        layout.identity().length(), String.format(Locale.ROOT, "%,d contigs, %,d bases, layout from %s",
            layout.contigs().size(), bases, layout.source()), String.format(Locale.ROOT, "%.2f s", seconds));
  }

  @Override
  public ScanPlan plan(ScanRequest request) throws IOException {
    PartitionPacker packing = PartitionPacker.of(options);
    List<Layout> layouts = new ArrayList<>();
    long total = 0;
    for (String uri : files()) {
      Layout layout = layout(uri);
      layouts.add(layout);
      for (FastaContig contig : layout.contigs()) {
        total += contig.endByteOf(contig.length()) - contig.offset();
      }
    }
    long target = packing.target(total);
    List<FastaSlice> slices = new ArrayList<>();
    long contigsTotal = 0;
    for (Layout layout : layouts) {
      contigsTotal += layout.contigs().size();
      slices.addAll(slices(layout, request.predicates(), target));
    }
    List<List<FastaSlice>> groups = request.limit() >= 0
        ? PartitionPacker.prefixHolding(slices.stream().map(List::of).toList(), request.limit(), FastaSlice::pieces)
        : packing.pack(slices, FastaSlice::bytes, FastaSlice::dataUri);
    List<List<Slice>> partitions = new ArrayList<>();
    for (List<FastaSlice> group : groups) {
      partitions.add(List.copyOf(group));
    }
    Map<ReadMetric, Long> metrics = new EnumMap<>(ReadMetric.class);
    metrics.put(ReadMetric.BYTES_TOTAL, total);
    metrics.put(ReadMetric.BYTES_PLANNED, slices.stream().mapToLong(FastaSlice::bytes).sum());
    metrics.put(ReadMetric.RUNS_TOTAL, contigsTotal);
    metrics.put(ReadMetric.RUNS_PLANNED, (long) slices.size());
    return new ScanPlan(partitions, readers(request), List.of(), metrics);
  }

  private FastaReaderFactory readers(ScanRequest request) {
    return new FastaReaderFactory(options.get(CommonOptions.INCLUDE_SOURCE_FILE), request.columns(),
        options.get(CommonOptions.BATCH_SIZE), pieceLength);
  }

  @Override
  public String describe(ScanRequest request) {
    return "FastaScan[paths=" + String.join(", ", options.paths()) + ", " + options.splitDescription()
        + ", pieceLength=" + pieceLength + (request.predicates().isEmpty() ? "" : ", regions=" + request.predicates())
        + "]";
  }

  @Override
  public ScanPlan referencePlan(ScanRequest request) throws IOException {
    List<List<Slice>> partitions = new ArrayList<>();
    for (String uri : files()) {
      try (Blob blob = store.open(uri)) {
        partitions.add(List.of(new FastaSequentialReader.WholeFile(uri, blob.identity(),
            IndexBuilder.detectCodec(blob))));
      }
    }
    return new ScanPlan(partitions, readers(request), List.of(), Map.of());
  }
}
