package io.dataplug.cli;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.plan.DataFiles;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.HadoopBlobStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** The format, options and store a command line names: the format from {@code --format} or the first file's content. */
final class CliRead {
  final DataFormat format;
  final ReadOptions options;
  final HadoopBlobStore store;
  final Map<String, String> readOptions;

  private CliRead(DataFormat format, Map<String, String> readOptions, HadoopBlobStore store, List<String> paths) {
    this.format = format;
    this.readOptions = readOptions;
    this.store = store;
    this.options = ReadOptions.parse(format, paths, readOptions, Map.of());
  }

  static CliRead of(CliArgs args) throws IOException {
    args.requirePaths();
    HadoopBlobStore store = new HadoopBlobStore(hadoopConf(args));
    DataFormat format = args.tool.containsKey("format") ? Formats.byShortName(args.tool.get("format"))
        : detect(store, args.paths);
    return new CliRead(format, args.readOptions(format), store, args.paths);
  }

  static Configuration hadoopConf(CliArgs args) {
    Configuration conf = new Configuration();
    for (Map.Entry<String, String> e : args.conf.entrySet()) {
      String key = e.getKey().startsWith("spark.hadoop.") ? e.getKey().substring("spark.hadoop.".length()) : e.getKey();
      conf.set(key, e.getValue());
    }
    return conf;
  }

  private static DataFormat detect(HadoopBlobStore store, List<String> paths) throws IOException {
    List<String> files = DataFiles.exactly(paths).list(store);
    if (files.isEmpty()) {
      throw new java.io.FileNotFoundException("No data files at " + String.join(", ", paths));
    }
    try (Blob blob = store.open(files.get(0))) {
      DataFormat format = Formats.detect(blob);
      if (format == null) {
        throw new IllegalArgumentException(files.get(0) + " is of no format this tool reads (by its first bytes);"
            + " name one with --format " + String.join("|", shortNames()));
      }
      return format;
    }
  }

  private static List<String> shortNames() {
    return Formats.all().stream().map(f -> f.shortNames().get(0)).toList();
  }

  String shortName() {
    return format.shortNames().get(0);
  }
}
