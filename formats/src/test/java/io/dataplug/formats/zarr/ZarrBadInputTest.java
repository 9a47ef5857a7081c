package io.dataplug.formats.zarr;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.FormatReads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Broken stores, made from the good fixtures: each is an error naming the store, the array and the key. */
class ZarrBadInputTest {
  @TempDir Path temp;
  final LocalBlobStore store = new LocalBlobStore();
  final DataFormat format = Formats.byShortName("dataplug-zarr");

  /** A copy of a bundled store to break. */
  Path copy(String name) throws IOException {
    Path source = Path.of("../testdata/zarr").resolve(name);
    return io.dataplug.formats.testing.TestFiles.copy(source, temp.resolve("store"));
  }

  void read(Path root, Map<String, String> options) throws IOException {
    FormatDataset dataset = format.open(store, ReadOptions.parse(format, List.of(root.toString()), options, Map.of()));
    FormatReads.read(store, dataset.plan(ScanRequest.all(FormatReads.allColumns(dataset))), -1);
  }

  void edit(Path file, String from, String to) throws IOException {
    Files.writeString(file, Files.readString(file).replace(from, to));
  }

  @Test
  void anUnknownCompressorNamesItAndTheArray() throws IOException {
    Path root = copy("zarr-python-fixture/20/1");
    edit(root.resolve(".zarray"), "\"zlib\"", "\"lzma\"");
    assertThatThrownBy(() -> read(root, Map.of())).hasMessageContaining(root + "/.zarray")
        .hasMessageContaining("codec 'lzma' is not supported");
  }

  @Test
  void anUnknownDtypeNamesItAndTheArray() throws IOException {
    Path root = copy("zarr-python-fixture/20/1");
    edit(root.resolve(".zarray"), "\"<i4\"", "\"<c16\"");
    assertThatThrownBy(() -> read(root, Map.of())).hasMessageContaining(root + "/.zarray")
        .hasMessageContaining("dtype '<c16' is not supported");
  }

  /** A zlib stream of {@code length} zero bytes. */
  static byte[] zlibOfZeros(int length) {
    Deflater deflater = new Deflater();
    deflater.setInput(new byte[length]);
    deflater.finish();
    byte[] out = new byte[length + 64];
    int n = deflater.deflate(out);
    deflater.end();
    return java.util.Arrays.copyOf(out, n);
  }

  @ParameterizedTest(name = "inflater={0}")
  @ValueSource(strings = {"jdk", "libdeflate"})
  void aChunkShorterThanItsShapeNamesTheChunkKey(String inflater) throws IOException {
    Path root = copy("zarr-python-fixture/20/1");
    Files.write(root.resolve("1.2.3"), zlibOfZeros(100));
    assertThatThrownBy(() -> read(root, Map.of("splitSize", "2k", "inflater", inflater)))
        .hasMessageContaining(root + "/1.2.3").hasMessageContaining("decodes to 100 bytes, not the 3600");
  }

  /** A chunk that decodes to more than its shape holds is corrupt, never cut to size. */
  @ParameterizedTest(name = "inflater={0}")
  @ValueSource(strings = {"jdk", "libdeflate"})
  void aChunkLongerThanItsShapeNamesTheChunkKey(String inflater) throws IOException {
    Path root = copy("zarr-python-fixture/20/1");
    Files.write(root.resolve("1.2.3"), zlibOfZeros(3601));
    assertThatThrownBy(() -> read(root, Map.of("splitSize", "2k", "inflater", inflater)))
        .hasMessageContaining(root + "/1.2.3")
        .hasMessageContaining("corrupt zlib data (it decodes to more than the 3600 bytes of the chunk)");
  }

  @Test
  void aCorruptBloscChunkNamesTheChunkKey() throws IOException {
    Path root = copy("zarr-python-fixture/19/3");
    byte[] bytes = Files.readAllBytes(root.resolve("1.2"));
    java.util.Arrays.fill(bytes, 16, bytes.length, (byte) 0x7f);
    Files.write(root.resolve("1.2"), bytes);
    assertThatThrownBy(() -> read(root, Map.of())).hasMessageContaining(root + "/1.2")
        .hasMessageContaining("corrupt Blosc chunk");
  }

  @Test
  void aStoreWithoutMetadataOrAnArrayThatIsNotThereSaysWhatItHas() throws IOException {
    Path root = copy("zarr-python-fixture/20/1");
    Files.delete(root.resolve(".zarray"));
    assertThatThrownBy(() -> read(root, Map.of())).hasMessageContaining(root.toString())
        .hasMessageContaining("is not a Zarr v2 store: it has no .zmetadata, .zarray or .zgroup");
    Path group = Path.of("../testdata/zarr/dataset_3d.zarr");
    assertThatThrownBy(() -> read(group, Map.of("array", "temperature"))).hasMessageContaining("has no array"
        + " 'temperature' (option array); it has: dataset, time, x, y");
  }

  @Test
  void corruptMetadataJsonNamesTheKey() throws IOException {
    Path root = copy("zarr-python-fixture/20/1");
    Files.writeString(root.resolve(".zarray"), "{\"zarr_format\": 2, \"shape\": [200,");
    assertThatThrownBy(() -> read(root, Map.of())).hasMessageContaining(root + "/.zarray is not valid JSON");
  }
}
