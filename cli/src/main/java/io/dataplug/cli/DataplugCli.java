package io.dataplug.cli;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.OptionSpec;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * bin/dataplug: build indexes, show plans, scan and convert files of any format this project reads, with a local
 * Spark (or {@code --master}). The format comes from the first file's content (or {@code --format}); every read
 * option of that format is a flag by one rule ({@code splitSize} is {@code --split-size}).
 */
public final class DataplugCli {
  private final PrintStream out;
  private final PrintStream err;

  DataplugCli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** One command of the tool. */
  interface Command {
    void run(CliArgs args, PrintStream out, PrintStream err) throws Exception;
  }

  private static final Map<String, Command> COMMANDS = Map.of(
      "index", new IndexCommand(),
      "plan", new PlanCommand(),
      "scan", new ScanCommand(),
      "convert", new ConvertCommand(),
      "demo", new DemoCommand());

  static String usage() {
    StringBuilder s = new StringBuilder(String.join("\n",
        "usage: bin/dataplug COMMAND [options] PATH...",
        "",
        "commands:",
        "  index PATH...     build or refresh the sidecar indexes (progress on stderr); print what they hold, size, speed",
        "  plan PATH...      print the slices each partition would read",
        "  scan PATH...      read every record; print one JSON line: records, checksum, partitions, per-partition counts",
        "  convert PATH...   --to parquet|json|csv --out DIR: write the records as columnar (or text) data",
        "  demo              index, plan, scan and convert the bundled real samples (testdata/fastq, testdata/laz)",
        "",
        "options of the tool:",
        "  --format NAME           read as this format instead of detecting it from the first file;",
        "                          --format text: index any .gz at its line starts; scan its lines through Spark's text",
        "                          source and the splittable gzip codec",
        "  --export gztool|gzidx   index: also write the index as gztool's or indexed_gzip's (FILE.gzi, FILE.gz.gzidx)",
        "  --threads N             index: threads that index a large .gz in parallel chunks (default: every core;",
        "                          1 decodes it in one sequential pass; --index-build auto uses chunks from 3",
        "                          threads, from 5 where ISA-L decodes the one pass; parallel from 2)",
        "  --master URL            Spark master (default local[*])",
        "  --to FORMAT, --out DIR  for convert",
        "  --conf KEY=VALUE        a Spark or Hadoop (spark.hadoop.*) setting; repeatable",
        "",
        "read options (each format's own; see the README):"));
    Set<String> seen = new LinkedHashSet<>();
    for (DataFormat format : Formats.all()) {
      for (OptionSpec<?> option : format.options()) {
        if (seen.add(option.name())) {
          s.append(String.format("%n  %-26s %s%s", option.flag() + " " + option.type().toUpperCase(java.util.Locale.ROOT),
              option.doc(), option.defaultText().isEmpty() ? "" : " (default " + option.defaultText() + ")"));
        }
      }
    }
    return s.toString();
  }

  public static void main(String[] args) {
    int status;
    try {
      status = new DataplugCli(System.out, System.err).run(args);
    } catch (IllegalArgumentException e) {
      System.err.println("dataplug: " + e.getMessage());
      System.err.println();
      System.err.println(usage());
      status = 2;
    } catch (Exception e) {
      System.err.println("dataplug: " + rootMessage(e));
      status = 1;
    }
    System.exit(status);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (caused by " + t + ")";
  }

  int run(String[] argv) throws Exception {
    CliArgs args = CliArgs.parse(argv);
    if (args.command.equals("help") || args.command.equals("--help") || args.command.equals("-h")) {
      out.println(usage());
      return 0;
    }
    Command command = COMMANDS.get(args.command);
    if (command == null) {
      throw new IllegalArgumentException("unknown command '" + args.command + "'");
    }
    command.run(args, out, err);
    return 0;
  }
}
