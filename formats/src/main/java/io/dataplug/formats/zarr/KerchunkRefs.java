package io.dataplug.formats.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.formats.storage.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * A Kerchunk reference set in JSON (fsspec's {@code spec.rst}): version 0, an object of Zarr keys to references, or
 * version 1 with {@code templates}, {@code gen} and {@code refs}. A reference is inline text, {@code base64:} bytes,
 * a JSON object (metadata), {@code [url]} (a whole file) or {@code [url, offset, length]}. The file may be gzip or
 * zstd compressed. The chunk references travel with the slices that read them, only those.
 */
record KerchunkRefs(Map<String, ChunkRef> refs) implements ChunkSource {
  @Override
  public ChunkRef[] locate(BlobStore store, ZarrArray array, long[] numbers) {
    ChunkRef[] out = new ChunkRef[numbers.length];
    for (int i = 0; i < numbers.length; i++) {
      out[i] = refs.get(array.chunkKey(numbers[i]));
    }
    return out;
  }

  @Override
  public ChunkSource restrictedTo(List<ZarrArray> arrays, List<long[]> numbers) {
    Map<String, ChunkRef> mine = new HashMap<>();
    for (int i = 0; i < arrays.size(); i++) {
      keep(arrays.get(i), numbers.get(i), mine);
    }
    return new KerchunkRefs(mine);
  }

  private void keep(ZarrArray array, long[] numbers, Map<String, ChunkRef> into) {
    for (ChunkRef ref : locate(null, array, numbers)) {
      if (ref != null) {
        into.put(ref.key(), ref);
      }
    }
  }

  /** The store a JSON reference set describes. */
  static ZarrStore open(BlobStore store, String uri, KerchunkUrls urls) throws IOException {
    if (store.listTree(uri).stream().anyMatch(f -> f.contains(uri.substring(uri.lastIndexOf('/') + 1) + "/"))) {
      throw new ZarrFormatException(uri + " is a folder without .zmetadata: not a Kerchunk reference set (give a JSON"
          + " reference file, or the folder of a Parquet reference set; a Zarr store is read with dataplug-zarr)");
    }
    byte[] bytes = ZarrStore.readOrNull(store, uri);
    if (bytes == null) {
      throw new FileNotFoundException("No Kerchunk reference set at " + uri + " (give a JSON reference file, or the"
          + " folder of a Parquet reference set that holds .zmetadata)");
    }
    JsonNode root;
    try (InputStream in = decompressed(bytes)) {
      root = ZarrStore.JSON.readTree(in);
    } catch (IOException e) {
      throw new ZarrFormatException(uri + " is not a Kerchunk reference set: not valid JSON ("
          + e.getMessage().split("\n")[0] + ")", e);
    }
    return fromRefs(uri, parse(root, urls, uri), store);
  }

  /** Every key's reference, version 1's templates applied and its {@code gen} entries expanded. */
  static Map<String, ChunkRef> parse(JsonNode root, KerchunkUrls urls, String uri) throws ZarrFormatException {
    if (root == null || !root.isObject()) {
      throw new ZarrFormatException(uri + " is not a Kerchunk reference set: not a JSON object");
    }
    Map<String, ChunkRef> refs = new LinkedHashMap<>();
    JsonNode version = root.get("version");
    if (version == null) {
      readRefs(root, refs, new KerchunkTemplates(Map.of()), urls, uri);
    } else if (version.asInt(-1) == 1) {
      Map<String, String> templates = new LinkedHashMap<>();
      root.path("templates").fields().forEachRemaining(e -> templates.put(e.getKey(), e.getValue().asText()));
      KerchunkTemplates renderer = new KerchunkTemplates(templates);
      readRefs(root.path("refs"), refs, renderer, urls, uri);
      int n = 0;
      for (JsonNode gen : root.path("gen")) {
        expand(gen, renderer, urls, refs, uri + " gen[" + n++ + "]");
      }
    } else {
      throw new ZarrFormatException(uri + ": Kerchunk reference version " + version + " is not supported (0 and 1"
          + " are)");
    }
    return refs;
  }

  /** The store's arrays from the metadata keys among {@code refs}; the other keys are its chunks. */
  static ZarrStore fromRefs(String uri, Map<String, ChunkRef> refs, BlobStore store) throws IOException {
    Map<String, JsonNode> metadata = new TreeMap<>();
    Map<String, ChunkRef> chunks = new HashMap<>();
    JsonNode consolidated = null;
    for (Map.Entry<String, ChunkRef> e : refs.entrySet()) {
      String key = e.getKey();
      String name = key.substring(key.lastIndexOf('/') + 1);
      if (name.equals(".zmetadata")) {
        consolidated = metadataJson(uri, e.getValue(), store);
      } else if (name.equals(".zarray") || name.equals(".zattrs") || name.equals(".zgroup")
          || name.equals("zarr.json")) {
        metadata.put(key, metadataJson(uri, e.getValue(), store));
      } else {
        chunks.put(key, e.getValue());
      }
    }
    if (metadata.keySet().stream().noneMatch(k -> k.endsWith(".zarray") || k.equals("zarr.json"))
        && consolidated != null) {
      return new ZarrStore(uri, ZarrStore.fromConsolidated(uri + " key .zmetadata", consolidated.path("metadata")),
          new KerchunkRefs(chunks));
    }
    if (metadata.isEmpty()) {
      throw new ZarrFormatException(uri + " is not a Kerchunk reference set of a Zarr store: it has no .zarray,"
          + " .zgroup or .zmetadata key");
    }
    return new ZarrStore(uri, ZarrStore.fromMetadataKeys(uri, metadata), new KerchunkRefs(chunks));
  }

  private static JsonNode metadataJson(String uri, ChunkRef ref, BlobStore store) throws IOException {
    byte[] bytes;
    if (ref instanceof ChunkRef.Inline inline) {
      bytes = inline.data();
    } else {
      try (ChunkFetcher fetcher = new ChunkFetcher(store, uri, new ChunkRef[] {ref})) {
        bytes = fetcher.stored(0);
      }
    }
    try {
      return ZarrStore.JSON.readTree(bytes);
    } catch (IOException e) {
      throw new ZarrFormatException(uri + " key " + ref.key() + " is not valid JSON (" + e.getMessage().split("\n")[0]
          + ")", e);
    }
  }

  private static InputStream decompressed(byte[] bytes) throws IOException {
    InputStream in = new ByteArrayInputStream(bytes);
    if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      return new GZIPInputStream(in);
    }
    if (bytes.length >= 4 && (bytes[0] & 0xff) == 0x28 && (bytes[1] & 0xff) == 0xb5 && (bytes[2] & 0xff) == 0x2f
        && (bytes[3] & 0xff) == 0xfd) {
      return new com.github.luben.zstd.ZstdInputStream(in);
    }
    return in;
  }

  private static void readRefs(JsonNode node, Map<String, ChunkRef> into, KerchunkTemplates templates,
      KerchunkUrls urls, String uri) throws ZarrFormatException {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      String where = uri + " key " + key;
      if (value.isTextual()) {
        into.put(key, inline(key, value.asText(), where));
      } else if (value.isObject()) {
        into.put(key, new ChunkRef.Inline(key, value.toString().getBytes(StandardCharsets.UTF_8)));
      } else if (value.isArray() && (value.size() == 1 || value.size() == 3) && value.get(0).isTextual()) {
        String url = urls.resolve(templates.render(value.get(0).asText(), Map.of(), where));
        if (value.size() == 1) {
          into.put(key, new ChunkRef.Whole(key, url));
        } else {
          into.put(key, range(key, url, number(value.get(1), "offset", where), number(value.get(2), "length", where),
              where));
        }
      } else {
        throw new ZarrFormatException(where + ": a reference is a string, a JSON object, [url] or [url, offset,"
            + " length]; got " + abbreviated(value));
      }
    }
  }

  static ChunkRef inline(String key, String text, String where) throws ZarrFormatException {
    if (text.startsWith("base64:")) {
      try {
        return new ChunkRef.Inline(key, Base64.getDecoder().decode(text.substring("base64:".length())));
      } catch (IllegalArgumentException e) {
        throw new ZarrFormatException(where + ": not valid base64 (" + e.getMessage() + ")", e);
      }
    }
    return new ChunkRef.Inline(key, text.getBytes(StandardCharsets.UTF_8));
  }

  static ChunkRef range(String key, String url, long offset, long length, String where) throws ZarrFormatException {
    if (offset < 0 || length < 0 || length > Integer.MAX_VALUE - 16) {
      throw new ZarrFormatException(where + ": offset " + offset + " and length " + length + " are not a valid byte"
          + " range (a chunk is at most 2 GiB)");
    }
    return new ChunkRef.Range(key, url, offset, length);
  }

  private static long number(JsonNode node, String what, String where) throws ZarrFormatException {
    if (!node.canConvertToLong() || !node.isIntegralNumber()) {
      throw new ZarrFormatException(where + ": " + what + " " + abbreviated(node) + " is not an integer");
    }
    return node.asLong();
  }

  private static String abbreviated(JsonNode node) {
    String text = node.toString();
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  /** A version 1 {@code gen} entry: a reference per point of its dimensions' cartesian product (first slowest). */
  private static void expand(JsonNode gen, KerchunkTemplates templates, KerchunkUrls urls, Map<String, ChunkRef> into,
      String where) throws ZarrFormatException {
    if (!gen.path("key").isTextual() || !gen.path("url").isTextual() || !gen.path("dimensions").isObject()
        || gen.path("dimensions").isEmpty()) {
      throw new ZarrFormatException(where + ": a gen entry needs key, url and dimensions");
    }
    if (gen.has("offset") != gen.has("length")) {
      throw new ZarrFormatException(where + ": a gen entry gives both offset and length, or neither");
    }
    List<String> names = new ArrayList<>();
    List<long[]> values = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = gen.path("dimensions").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> d = it.next();
      names.add(d.getKey());
      values.add(dimension(d.getValue(), where + " dimension " + d.getKey()));
    }
    int[] at = new int[names.size()];
    Map<String, Object> variables = new HashMap<>();
    while (true) {
      for (int d = 0; d < at.length; d++) {
        if (values.get(d).length == 0) {
          return;
        }
        variables.put(names.get(d), values.get(d)[at[d]]);
      }
      String key = templates.render(gen.get("key").asText(), variables, where);
      String url = urls.resolve(templates.render(gen.get("url").asText(), variables, where));
      if (gen.has("offset")) {
        into.put(key, range(key, url, rendered(gen.get("offset"), templates, variables, where + " offset"),
            rendered(gen.get("length"), templates, variables, where + " length"), where + " key " + key));
      } else {
        into.put(key, new ChunkRef.Whole(key, url));
      }
      int d = at.length - 1;
      while (d >= 0 && ++at[d] == values.get(d).length) {
        at[d--] = 0;
      }
      if (d < 0) {
        return;
      }
    }
  }

  private static long rendered(JsonNode node, KerchunkTemplates templates, Map<String, Object> variables,
      String where) throws ZarrFormatException {
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    String text = templates.render(node.asText(), variables, where).trim();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ZarrFormatException(where + " renders to '" + text + "', not an integer");
    }
  }

  /** {@code {"start": a, "stop": b, "step": c}} as Python's range, or a list of integers. */
  private static long[] dimension(JsonNode node, String where) throws ZarrFormatException {
    if (node.isArray()) {
      long[] out = new long[node.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = number(node.get(i), "value", where);
      }
      return out;
    }
    if (!node.isObject() || !node.has("stop")) {
      throw new ZarrFormatException(where + ": a dimension is a list of integers or {\"start\", \"stop\", \"step\"}"
          + " with stop required");
    }
    long start = node.has("start") ? number(node.get("start"), "start", where) : 0;
    long stop = number(node.get("stop"), "stop", where);
    long step = node.has("step") ? number(node.get("step"), "step", where) : 1;
    if (step == 0) {
      throw new ZarrFormatException(where + ": step 0");
    }
    long count = step > 0 ? Math.max(0, (stop - start + step - 1) / step) : Math.max(0, (start - stop - step - 1)
        / -step);
    if (count > 100_000_000) {
      throw new ZarrFormatException(where + ": " + count + " values, more than this reader expands (100 million)");
    }
    long[] out = new long[(int) count];
    for (int i = 0; i < out.length; i++) {
      out[i] = start + i * step;
    }
    return out;
  }
}
