package io.dataplug.cli;

import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.IndexReport;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.plan.DataFiles;
import java.io.PrintStream;
import java.util.Locale;

/** {@code index}: builds or refreshes each file's sidecar index, with progress on stderr. */
final class IndexCommand implements DataplugCli.Command {
  @Override
  public void run(CliArgs args, PrintStream out, PrintStream err) throws Exception {
    CliRead read = CliRead.of(args);
    FormatDataset dataset = read.format.open(read.store, read.options);
    long[] lastReport = {0};
    IndexBuilder.Progress progress = (done, total, produced) -> {
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
    for (String file : DataFiles.exactly(read.options.paths()).list(read.store)) {
      IndexReport report = dataset.indexFile(file, progress);
      if (report == null) {
        out.printf("%s%n  %s files keep no sidecar index: their own metadata is the index%n", file,
            read.format.displayName());
        continue;
      }
      out.printf(Locale.ROOT, "%s%n  index %s%n  %s%n  index size %,d bytes = %.3f%% of the file; %s%n", file,
          report.indexUri(), report.contents(), report.indexBytes(),
          100.0 * report.indexBytes() / Math.max(1, report.dataBytes()), report.rate());
    }
  }
}
