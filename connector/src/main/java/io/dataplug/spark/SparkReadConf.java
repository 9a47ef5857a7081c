package io.dataplug.spark;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.ReadOptions;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A read's options: the format's declared options parsed once, with the session's settings as defaults where an
 * option names one ({@code spark.sql.files.maxPartitionBytes}, {@code spark.sql.files.openCostInBytes}).
 */
final class SparkReadConf {
  private SparkReadConf() {}

  static ReadOptions parse(DataFormat format, CaseInsensitiveStringMap options) {
    return ReadOptions.parse(format, paths(options), options.asCaseSensitiveMap(), sessionSettings());
  }

  /** {@code path}, and {@code paths}: a JSON array when DataFrameReader.load(String...) passed several, else commas. */
  private static List<String> paths(CaseInsensitiveStringMap options) {
    List<String> out = new ArrayList<>();
    String path = options.get(ReadOptions.PATH);
    if (path != null && !path.isBlank()) {
      out.add(path);
    }
    String paths = options.get(ReadOptions.PATHS);
    if (paths != null && !paths.isBlank()) {
      String trimmed = paths.trim();
      if (trimmed.startsWith("[")) {
        try {
          out.addAll(List.of(new ObjectMapper().readValue(trimmed, String[].class)));
        } catch (IOException e) {
          throw new IllegalArgumentException("Option paths is not a JSON array of strings: " + paths, e);
        }
      } else {
        for (String p : trimmed.split(",")) {
          if (!p.isBlank()) {
            out.add(p.trim());
          }
        }
      }
    }
    return out;
  }

  private static Map<String, String> sessionSettings() {
    Map<String, String> out = new HashMap<>();
    SparkSession session;
    try {
      session = SparkSession.getActiveSession().getOrElse(() -> null);
    } catch (RuntimeException e) {
      session = null;
    }
    if (session == null) {
      // no session: the declared defaults apply, and there is no parallelism to spread over
      return out;
    }
    for (String key : new String[] {CommonOptions.MAX_PARTITION_BYTES_SETTING, CommonOptions.OPEN_COST_SETTING,
        CommonOptions.MIN_PARTITIONS_SETTING}) {
      session.conf().getOption(key).foreach(value -> out.put(key, value));
    }
    if (!out.containsKey(CommonOptions.MIN_PARTITIONS_SETTING)) {
      // Spark's default for its file sources: the leaf-node parallelism, else the context's default parallelism.
      String leaf = session.conf().getOption("spark.sql.leafNodeDefaultParallelism").getOrElse(() -> null);
      out.put(CommonOptions.MIN_PARTITIONS_SETTING,
          leaf != null ? leaf : Integer.toString(session.sparkContext().defaultParallelism()));
    }
    return out;
  }
}
