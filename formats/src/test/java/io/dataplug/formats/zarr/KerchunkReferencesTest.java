package io.dataplug.formats.zarr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reference parsing as fsspec's spec.rst defines it, checked against the spec's own examples. */
class KerchunkReferencesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final KerchunkUrls NO_MAPPING = new KerchunkUrls("", Map.of());

  static Map<String, Object> parse(String json) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    KerchunkRefs.parse(JSON.readTree(json), NO_MAPPING, "refs.json").forEach((k, v) -> out.put(k, describe(v)));
    return out;
  }

  static Object describe(ChunkRef ref) {
    if (ref instanceof ChunkRef.Inline i) {
      return new String(i.data(), StandardCharsets.UTF_8);
    }
    if (ref instanceof ChunkRef.Whole w) {
      return List.of(w.url());
    }
    ChunkRef.Range r = (ChunkRef.Range) ref;
    return List.of(r.url(), r.offset(), r.length());
  }

  /** spec.rst, "Version 1": the example and the version 0 references it "evaluates to". */
  @Test
  void theSpecsVersion1ExampleEvaluatesToItsVersion0Equivalent() throws Exception {
    String example = """
        {"version": 1,
         "templates": {"u": "server.domain/path", "f": "{{c}}"},
         "gen": [{"key": "gen_key{{i}}", "url": "http://{{u}}_{{i}}", "offset": "{{(i + 1) * 1000}}",
                  "length": "1000", "dimensions": {"i": {"stop": 5}}}],
         "refs": {"key0": "data", "key1": ["http://target_url", 10000, 100],
                  "key2": ["http://{{u}}", 10000, 100], "key3": ["http://{{f(c='text')}}", 10000, 100]}}""";
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("key0", "data");
    expected.put("key1", List.of("http://target_url", 10000L, 100L));
    expected.put("key2", List.of("http://server.domain/path", 10000L, 100L));
    expected.put("key3", List.of("http://text", 10000L, 100L));
    for (int i = 0; i < 5; i++) {
      expected.put("gen_key" + i, List.of("http://server.domain/path_" + i, (i + 1) * 1000L, 1000L));
    }
    assertThat(parse(example)).containsExactlyEntriesOf(expected);
  }

  /** spec.rst, "Version 0": text, JSON objects (metadata) and the two reference forms; base64 for binary. */
  @Test
  void version0TakesTextObjectsBase64AndBothReferenceForms() throws Exception {
    Map<String, Object> refs = parse("""
        {".zgroup": {"zarr_format": 2}, "a": "text", "b": "base64:aGk=", "c": ["s3://bucket/f.nc"],
         "d": ["s3://bucket/f.nc", 294094376, 73825960]}""");
    assertThat(refs).containsExactly(Map.entry(".zgroup", "{\"zarr_format\":2}"), Map.entry("a", "text"),
        Map.entry("b", "hi"), Map.entry("c", List.of("s3://bucket/f.nc")),
        Map.entry("d", List.of("s3://bucket/f.nc", 294094376L, 73825960L)));
  }

  /** Several dimensions make a cartesian product, the first varying slowest (itertools.product); lists too. */
  @Test
  void genDimensionsFormACartesianProductWithRangesAndLists() throws Exception {
    Map<String, Object> refs = parse("""
        {"version": 1, "gen": [{"key": "v/{{t}}.{{y}}", "url": "f{{t}}.nc", "offset": "{{ y * 10 + 7 // 2 }}",
          "length": "{{ 2 ** 3 }}", "dimensions": {"t": [3, 1], "y": {"start": 1, "stop": 6, "step": 2}}}]}""");
    assertThat(refs.keySet()).containsExactly("v/3.1", "v/3.3", "v/3.5", "v/1.1", "v/1.3", "v/1.5");
    assertThat(refs.get("v/1.5")).isEqualTo(List.of("f1.nc", 53L, 8L));
  }

  @Test
  void urlsMapSchemesAndResolveRelativePathsAgainstTheReferenceSetsFolder() {
    KerchunkUrls urls = KerchunkUrls.of("s3a://bucket/refs/set.json", "s3=s3a,gcs=gs");
    assertThat(urls.resolve("s3://data/x.nc")).isEqualTo("s3a://data/x.nc");
    assertThat(urls.resolve("gcs://data/x.nc")).isEqualTo("gs://data/x.nc");
    assertThat(urls.resolve("https://host/x.nc")).isEqualTo("https://host/x.nc");
    assertThat(urls.resolve("x.nc")).isEqualTo("s3a://bucket/refs/x.nc");
    assertThat(urls.resolve("/data/x.nc")).isEqualTo("/data/x.nc");
    assertThat(KerchunkUrls.of("/tmp/refs.parq/", "").resolve("x.nc")).isEqualTo("/tmp/x.nc");
    assertThatThrownBy(() -> KerchunkUrls.of("x.json", "s3")).hasMessageContaining("Option urlSchemes: 's3' is not"
        + " scheme=scheme");
  }

  @Test
  void templatesThatCannotBeRenderedNameTheEntryAndTheText() {
    assertThatThrownBy(() -> parse("""
        {"version": 1, "gen": [{"key": "k{{j}}", "url": "u", "dimensions": {"i": {"stop": 2}}}]}"""))
        .hasMessageContaining("refs.json gen[0]").hasMessageContaining("'k{{j}}'")
        .hasMessageContaining("unknown name 'j'");
    assertThatThrownBy(() -> parse("""
        {"version": 1, "gen": [{"key": "k{{ i | string }}", "url": "u", "dimensions": {"i": {"stop": 2}}}]}"""))
        .hasMessageContaining("unexpected text at '| string'");
    assertThatThrownBy(() -> parse("""
        {"version": 1, "gen": [{"key": "k{{i}}", "url": "u", "offset": "{{ i / 2 }}", "length": "1",
          "dimensions": {"i": {"stop": 2}}}]}""")).hasMessageContaining("offset renders to '0.0', not an integer");
    assertThatThrownBy(() -> parse("""
        {"version": 1, "gen": [{"key": "k{{i}}", "url": "u", "offset": "1", "dimensions": {"i": {"stop": 2}}}]}"""))
        .hasMessageContaining("gives both offset and length, or neither");
    assertThatThrownBy(() -> parse("{\"version\": 2}")).hasMessageContaining("version 2 is not supported");
    assertThatThrownBy(() -> parse("{\"a/0\": [\"f.nc\", 10]}")).hasMessageContaining("refs.json key a/0")
        .hasMessageContaining("[url, offset, length]; got [\"f.nc\",10]");
    assertThatThrownBy(() -> parse("{\"a/0\": [\"f.nc\", -1, 10]}")).hasMessageContaining("not a valid byte range");
  }
}
