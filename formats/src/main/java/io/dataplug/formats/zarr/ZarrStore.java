package io.dataplug.formats.zarr;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Zarr v2 store's arrays, from its consolidated {@code .zmetadata} when there is one (one read), else from
 * {@code .zarray}, {@code .zattrs} and {@code .zgroup} keys (a listing, then one read per array).
 */
record ZarrStore(String root, List<ZarrArray> arrays, ChunkSource chunks) {
  /** NaN and Infinity appear unquoted in metadata written by some tools. */
  static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS);

  static ZarrStore open(BlobStore store, String rootUri) throws IOException {
    String root = rootUri.endsWith("/") ? rootUri.substring(0, rootUri.length() - 1) : rootUri;
    JsonNode consolidated = readJson(store, root + "/.zmetadata");
    if (consolidated != null) {
      return new ZarrStore(root, fromConsolidated(root + "/.zmetadata", consolidated.path("metadata")),
          new FolderChunks(root));
    }
    JsonNode zarray = readJson(store, root + "/.zarray");
    if (zarray != null) {
      return new ZarrStore(root, List.of(ZarrArray.parse("", zarray, readJson(store, root + "/.zattrs"),
          root + "/.zarray")), new FolderChunks(root));
    }
    if (readJson(store, root + "/.zgroup") != null) {
      List<ZarrArray> arrays = new ArrayList<>();
      for (String uri : store.listTree(root)) {
        if (uri.endsWith("/.zarray")) {
          String prefix = uri.substring(0, uri.length() - "/.zarray".length());
          String path = relative(root, prefix);
          arrays.add(ZarrArray.parse(path, readJson(store, uri), readJson(store, prefix + "/.zattrs"), uri));
        }
      }
      arrays.sort((a, b) -> a.path().compareTo(b.path()));
      return new ZarrStore(root, List.copyOf(arrays), new FolderChunks(root));
    }
    if (store.exists(root + "/zarr.json")) {
      throw new ZarrFormatException(root + " is a Zarr v3 store (zarr.json): Zarr v3 is not supported, only v2");
    }
    throw new ZarrFormatException(root + " is not a Zarr v2 store: it has no .zmetadata, .zarray or .zgroup (give"
        + " the store's root folder)");
  }

  /** The key of {@code uri} below {@code root}, compared by path: listings may spell the root otherwise (file:/x). */
  private static String relative(String root, String uri) {
    String base = pathOf(root);
    String path = pathOf(uri);
    return path.startsWith(base + "/") ? path.substring(base.length() + 1) : "";
  }

  /** The path part of a URI or plain path: no scheme, no authority, no doubled slashes. */
  private static String pathOf(String uri) {
    String rest = uri;
    int scheme = rest.indexOf("://");
    if (scheme >= 0) {
      int slash = rest.indexOf('/', scheme + 3);
      rest = slash < 0 ? "" : rest.substring(slash);
    } else if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    return rest.replaceAll("/+", "/");
  }

  /**
   * The arrays of consolidated metadata (a {@code .zmetadata}'s {@code metadata}, or a reference set's metadata keys):
   * key to parsed JSON object.
   */
  static List<ZarrArray> fromConsolidated(String where, JsonNode metadata) throws ZarrFormatException {
    Map<String, JsonNode> keys = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      keys.put(e.getKey(), e.getValue());
    }
    return fromMetadataKeys(where, keys);
  }

  static List<ZarrArray> fromMetadataKeys(String where, Map<String, JsonNode> keys) throws ZarrFormatException {
    if (keys.containsKey("zarr.json")) {
      throw new ZarrFormatException(where + " describes a Zarr v3 store: Zarr v3 is not supported, only v2");
    }
    List<ZarrArray> arrays = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : keys.entrySet()) {
      String key = e.getKey();
      if (key.equals(".zarray") || key.endsWith("/.zarray")) {
        String path = key.equals(".zarray") ? "" : key.substring(0, key.length() - "/.zarray".length());
        JsonNode attrs = keys.get(path.isEmpty() ? ".zattrs" : path + "/.zattrs");
        arrays.add(ZarrArray.parse(path, e.getValue(), attrs, where + " key " + key));
      }
    }
    return List.copyOf(arrays);
  }

  /** The parsed JSON object at {@code uri}, or null when there is no such object. */
  static JsonNode readJson(BlobStore store, String uri) throws IOException {
    byte[] bytes = readOrNull(store, uri);
    if (bytes == null) {
      return null;
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new ZarrFormatException(uri + " is not valid JSON (" + e.getMessage().split("\n")[0] + ")", e);
    }
  }

  /** The whole object, or null when it does not exist (a missing chunk). */
  static byte[] readOrNull(BlobStore store, String uri) throws IOException {
    Blob blob;
    try {
      blob = store.open(uri);
    } catch (FileNotFoundException e) {
      return null;
    }
    try (blob) {
      return readAll(blob);
    }
  }

  /** The whole blob: a key's object, or a file a reference points to whole. */
  static byte[] readAll(Blob blob) throws IOException {
    long length = blob.length();
    if (length > Integer.MAX_VALUE - 16) {
      throw new ZarrFormatException(blob.uri() + " has " + length + " bytes, too large for one key");
    }
    byte[] bytes = new byte[(int) length];
    blob.readFully(0, bytes, 0, bytes.length);
    return bytes;
  }

  ZarrArray array(String path) throws ZarrFormatException {
    for (ZarrArray a : arrays) {
      if (a.path().equals(path)) {
        return a;
      }
    }
    List<String> names = new ArrayList<>();
    arrays.forEach(a -> names.add(a.path().isEmpty() ? "(the root)" : a.path()));
    throw new ZarrFormatException(root + " has no array '" + path + "' (option array); it has: "
        + String.join(", ", names));
  }
}
