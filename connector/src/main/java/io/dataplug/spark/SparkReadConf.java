package io.dataplug.spark;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.ReadOptions;
import java.util.HashMap;
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
    return ReadOptions.parse(format, options.asCaseSensitiveMap(), sessionSettings(), true);
  }

  private static Map<String, String> sessionSettings() {
    Map<String, String> out = new HashMap<>();
    for (String key : new String[] {CommonOptions.MAX_PARTITION_BYTES_SETTING, CommonOptions.OPEN_COST_SETTING}) {
      try {
        SparkSession.getActiveSession().foreach(session -> {
          session.conf().getOption(key).foreach(value -> out.put(key, value));
          return null;
        });
      } catch (RuntimeException e) {
        // no session: the declared defaults apply
      }
    }
    return out;
  }
}
