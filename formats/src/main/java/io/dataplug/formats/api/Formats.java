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

  /**
   * Whether a file's first bytes ({@code head}, of which {@code length} are read) start with {@code prefix}, once
   * decompressed when they are gzip (plain, multi-member or BGZF): the content check of the text formats.
   */
  public static boolean decodedStartsWith(byte[] head, int length, byte[] prefix) {
    java.io.InputStream in = new java.io.ByteArrayInputStream(head, 0, length);
    try {
      if (length >= 2 && (head[0] & 0xFF) == 0x1f && (head[1] & 0xFF) == 0x8b) {
        in = new java.util.zip.GZIPInputStream(in);
      }
      return java.util.Arrays.equals(in.readNBytes(prefix.length), prefix);
    } catch (IOException e) {
      return false;
    }
  }

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
