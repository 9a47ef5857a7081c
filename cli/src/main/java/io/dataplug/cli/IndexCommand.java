package io.dataplug.cli;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.IndexReport;
import io.dataplug.formats.api.LocalTaskRunner;
import io.dataplug.formats.api.OptionSpec;
import io.dataplug.formats.gzip.interop.InteropIndexes;
import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.index.IndexBuild;
import io.dataplug.formats.index.IndexMode;
import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.plan.DataFiles;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.HadoopBlobStore;
import io.dataplug.formats.text.LineIndexes;
import io.dataplug.formats.text.LineSync;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code index}: builds or refreshes each file's sidecar index, with progress on stderr. {@code --format text}
 * indexes any gzip file at its line starts (what the splittable gzip codec reads); {@code --export gztool|gzidx}
 * also writes the index in gztool's or indexed_gzip's format beside the file, for Python tools.
 */
final class IndexCommand implements DataplugCli.Command {
  /** The read options a text index takes (the gzip readers' own, parsed the same way). */
  private static final List<OptionSpec<?>> TEXT_OPTIONS = List.of(CommonOptions.INDEX, CommonOptions.INDEX_LOCATION,
      CommonOptions.CHECKPOINT_SPAN);

  @Override
  public void run(CliArgs args, PrintStream out, PrintStream err) throws Exception {
    String export = args.tool.get("export");
    if (export != null) {
      InteropIndexes.requireKind(export);
    }
    IndexBuilder.Progress progress = progress(err);
    int threads = threads(args);
    if (LineIndexes.FORMAT.equals(args.tool.get("format"))) {
      indexText(args, export, progress, out, threads);
      return;
    }
    CliRead read = CliRead.of(args);
    FormatDataset dataset = read.format.open(read.store, read.options);
    if (threads > 1) {
      dataset.runTasksWith(new LocalTaskRunner(read.store, threads));
    }
    for (String file : DataFiles.exactly(read.options.paths()).list(read.store)) {
      IndexReport report = dataset.indexFile(file, progress);
      if (report == null) {
        out.printf("%s%n  %s files keep no sidecar index: their own metadata is the index%n", file,
            read.format.displayName());
        continue;
      }
      print(out, report.dataUri(), report.indexUri(), report.contents(), report.indexBytes(), report.dataBytes(),
          report.rate());
      if (export != null) {
        export(read.store, file, report.indexUri(), null, export, out);
      }
    }
  }

  /** {@code --threads}: how many threads index one large gzip file in chunks; every core unless given. */
  private static int threads(CliArgs args) {
    String value = args.tool.get("threads");
    if (value == null) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int threads = Integer.parseInt(value);
      if (threads >= 1) {
        return threads;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException("--threads wants a whole number of at least 1, got " + value);
  }

  private static void indexText(CliArgs args, String export, IndexBuilder.Progress progress, PrintStream out,
      int threads) throws IOException {
    args.requirePaths();
    Map<String, String> flags = args.optionFlags;
    for (String flag : flags.keySet()) {
      if (TEXT_OPTIONS.stream().noneMatch(o -> o.flag().equals("--" + flag))) {
        throw new IllegalArgumentException("unknown option --" + flag + " for a text index; its options: "
            + String.join(" ", TEXT_OPTIONS.stream().map(OptionSpec::flag).toList()));
      }
    }
    IndexMode mode = parsed(flags, CommonOptions.INDEX);
    String indexLocation = parsed(flags, CommonOptions.INDEX_LOCATION);
    long span = parsed(flags, CommonOptions.CHECKPOINT_SPAN);
    HadoopBlobStore store = new HadoopBlobStore(CliRead.hadoopConf(args));
    SidecarIndexes indexes = LineIndexes.sidecars(store, indexLocation, mode, span,
        flags.containsKey(CommonOptions.CHECKPOINT_SPAN.flag().substring(2)), progress);
    if (threads > 1) {
      indexes.buildInParallel(new LineSync(), new LocalTaskRunner(store, threads), IndexBuild.AUTO);
    }
    for (String file : DataFiles.exactly(args.paths).list(store)) {
      long start = System.nanoTime();
      FileIndex index;
      try (Blob blob = store.open(file)) {
        index = indexes.loadOrBuild(blob);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (!index.codec().compressed()) {
        throw new IllegalArgumentException(file + " is not gzip-compressed: a text index is for .gz files");
      }
      String indexUri = indexes.indexUriFor(file);
      print(out, file, indexUri, String.format(Locale.ROOT, "codec %s, %,d lines, %,d uncompressed bytes, %,d"
          + " checkpoints (span %s)", index.codec().name().toLowerCase(Locale.ROOT), index.recordCount(),
          index.uncompressedLength(), index.checkpoints().size(), io.dataplug.formats.api.Sizes.human(index.span())),
          index.sizeInBytes(), index.identity().length(), String.format(Locale.ROOT, "%.2f s", seconds));
      if (export != null) {
        export(store, file, indexUri, index, export, out);
      }
    }
  }

  private static <T> T parsed(Map<String, String> flags, OptionSpec<T> option) {
    String value = flags.get(option.flag().substring(2));
    return value == null ? option.defaultValue() : option.parse(value);
  }

  /** Exports the index of {@code file}: {@code known} when the caller holds it, else read from {@code indexUri}. */
  private static void export(HadoopBlobStore store, String file, String indexUri, FileIndex known, String kind,
      PrintStream out) throws IOException {
    FileIndex index = known;
    if (index == null) {
      try (Blob indexBlob = store.open(indexUri)) {
        index = FileIndex.read(indexBlob);
      }
    }
    if (!index.codec().compressed()) {
      throw new IllegalArgumentException(file + " is not gzip-compressed: there is no gzip index to export");
    }
    String target = InteropIndexes.exportUri(file, kind);
    try (Blob data = store.open(file)) {
      int points = InteropIndexes.export(store, data, index, indexUri, kind, target);
      out.printf(Locale.ROOT, "  exported as %s: %s (%,d points)%n", kind, target, points);
    }
  }

  private static void print(PrintStream out, String file, String indexUri, String contents, long indexBytes,
      long dataBytes, String rate) {
    out.printf(Locale.ROOT, "%s%n  index %s%n  %s%n  index size %,d bytes = %.3f%% of the file; %s%n", file, indexUri,
        contents, indexBytes, 100.0 * indexBytes / Math.max(1, dataBytes), rate);
  }

  private static IndexBuilder.Progress progress(PrintStream err) {
    long[] lastReport = {0};
    return (done, total, produced) -> {
      long now = System.nanoTime();
      if (now - lastReport[0] > 1_000_000_000L || done == total) {
        lastReport[0] = now;
        err.printf(Locale.ROOT, "\rindexing: %5.1f%% of %,d compressed bytes, %,d MiB decoded",
            100.0 * done / Math.max(1, total), total, produced >> 20);
        if (done == total) {
          err.println();
        }
      }
    };
  }
}
