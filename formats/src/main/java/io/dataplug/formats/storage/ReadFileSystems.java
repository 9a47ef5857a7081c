package io.dataplug.formats.storage;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * File system instances for reads that carry their own {@code fs.*} settings (an endpoint, credentials). Hadoop's
 * FileSystem cache keys instances by scheme, authority and user only, so it would hand such a read the instance
 * made with the session's settings. Here there is one instance per scheme, authority, user and distinct set of read
 * settings, shared by the reads that give the same settings and closed when the JVM exits, as Hadoop's own are.
 */
final class ReadFileSystems {
  /** The settings enter the key only as a digest, so that no secret sits in a key that could be printed. */
  private record Key(String scheme, String authority, String user, String settingsDigest) {}

  private static final Map<Key, FileSystem> INSTANCES = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ReadFileSystems::closeAll, "dataplug-read-filesystems"));
  }

  private ReadFileSystems() {}

  static FileSystem get(URI uri, Configuration conf, Map<String, String> settings) throws IOException {
    String scheme = uri.getScheme() == null ? FileSystem.getDefaultUri(conf).getScheme() : uri.getScheme();
    String authority = uri.getAuthority() == null ? "" : uri.getAuthority().toLowerCase(Locale.ROOT);
    Key key = new Key(scheme, authority, UserGroupInformation.getCurrentUser().getUserName(), digest(settings));
    FileSystem existing = INSTANCES.get(key);
    if (existing != null) {
      return existing;
    }
    FileSystem created = FileSystem.newInstance(uri, conf);
    FileSystem raced = INSTANCES.putIfAbsent(key, created);
    if (raced != null) {
      created.close();
      return raced;
    }
    return created;
  }

  private static String digest(Map<String, String> settings) {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
        sha.update((e.getKey() + "\u0000" + e.getValue() + "\u0000").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return java.util.HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  private static void closeAll() {
    for (FileSystem fs : INSTANCES.values()) {
      try {
        fs.close();
      } catch (IOException | RuntimeException e) {
        // The JVM is exiting: nothing more to do for this instance.
      }
    }
  }
}
