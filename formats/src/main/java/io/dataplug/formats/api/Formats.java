package io.dataplug.formats.api;

import io.dataplug.formats.storage.Blob;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Every format on the classpath, found through {@code META-INF/services/io.dataplug.formats.api.DataFormat}: by short
 * name, and by content for the CLI.
 */
public final class Formats {
  /** Bytes of a file's start that detection looks at. */
  public static final int DETECT_BYTES = 512;

  private static volatile List<DataFormat> all;

  private Formats() {}

  public static List<DataFormat> all() {
    List<DataFormat> formats = all;
    if (formats == null) {
      List<DataFormat> found = new ArrayList<>();
      ServiceLoader.load(DataFormat.class, Formats.class.getClassLoader()).forEach(found::add);
      all = formats = List.copyOf(found);
    }
    return formats;
  }

  /** The format a short name names ({@code dataplug-fastqgz}); the error lists the known names. */
  public static DataFormat byShortName(String name) {
    List<String> known = new ArrayList<>();
    for (DataFormat format : all()) {
      for (String shortName : format.shortNames()) {
        if (shortName.equalsIgnoreCase(name)) {
          return format;
        }
        known.add(shortName);
      }
    }
    throw new IllegalArgumentException("No dataplug format named '" + name + "'; known: " + String.join(", ", known));
  }

  /** The first format (in service order) that recognises the file's first bytes, or null. */
  public static DataFormat detect(Blob blob) throws IOException {
    byte[] head = new byte[(int) Math.min(DETECT_BYTES, blob.length())];
    blob.readFully(0, head, 0, head.length);
    for (DataFormat format : all()) {
      if (format.detect(head, head.length)) {
        return format;
      }
    }
    return null;
  }
}
