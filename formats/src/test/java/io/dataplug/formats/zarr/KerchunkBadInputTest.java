package io.dataplug.formats.zarr;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.FormatReads;
import io.dataplug.formats.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken reference sets, made from the good ones: each is an error naming the set, the key and the target. */
class KerchunkBadInputTest {
  @TempDir Path temp;
  final LocalBlobStore store = new LocalBlobStore();
  final DataFormat format = Formats.byShortName("dataplug-kerchunk");

  /** A copy of testdata/kerchunk to break. */
  Path copy() throws IOException {
    return TestFiles.copy(Path.of("../testdata/kerchunk"), temp.resolve("kerchunk"));
  }

  void read(Path set, Map<String, String> options) throws IOException {
    FormatDataset dataset = format.open(store, ReadOptions.parse(format, List.of(set.toString()), options, Map.of()));
    FormatReads.read(store, dataset.plan(ScanRequest.all(FormatReads.allColumns(dataset))), -1);
  }

  void edit(Path file, String from, String to) throws IOException {
    String text = Files.readString(file);
    if (!text.contains(from)) {
      throw new AssertionError(file + " has no " + from);
    }
    Files.writeString(file, text.replace(from, to));
  }

  @Test
  void aReferencePastTheEndOfItsTargetNamesTheChunkAndTheBytes() throws IOException {
    Path dir = copy();
    edit(dir.resolve("air.json"), "58385,\n   14322", "75000,\n   14322");
    assertThatThrownBy(() -> read(dir.resolve("air.json"), Map.of())).isInstanceOf(ZarrFormatException.class)
        .hasMessageContaining("Truncated file " + dir.resolve("air.nc"))
        .hasMessageContaining("air.json chunk air/3.0.0 needs bytes [75000, 89322), past its end (75779 bytes)");
  }

  @Test
  void aTargetThatDoesNotExistNamesTheChunkAndTheUrl() throws IOException { // the time coordinate is read first
    Path dir = copy();
    Files.delete(dir.resolve("air.nc"));
    assertThatThrownBy(() -> read(dir.resolve("air.parq"), Map.of("array", "air")))
        .hasMessageContaining(dir.resolve("air.parq") + ": the reference of chunk time/0 points to "
            + dir.resolve("air.nc") + ", which does not exist (check the reference set's URLs and option urlSchemes)");
  }

  @Test
  void aMissingZarrayIsAnArrayTheSetDoesNotHave() throws IOException {
    Path dir = copy();
    edit(dir.resolve("air_gen_v1.json"), "\"air/.zarray\"", "\"air/.zarray-gone\"");
    assertThatThrownBy(() -> read(dir.resolve("air_gen_v1.json"), Map.of("array", "air")))
        .hasMessageContaining(dir.resolve("air_gen_v1.json") + " has no array 'air' (option array); it has: lat, lon,"
            + " time");
  }

  @Test
  void aChunkShorterThanItsShapeNamesTheChunkAndItsBytes() throws IOException {
    Path dir = copy();
    edit(dir.resolve("air.json"), "29741,\n   14322", "29741,\n   14000");
    assertThatThrownBy(() -> read(dir.resolve("air.json"), Map.of("array", "air")))
        .hasMessageContaining("air.json chunk air/1.0.0 (bytes [29741, 43741) of " + dir.resolve("air.nc") + ")")
        .hasMessageContaining("decodes to 14000 bytes, not the 14322");
  }

  @Test
  void aZarrStoreAFolderWithoutMetadataAndNoFileAreClearErrors() throws IOException {
    Path zarr = TestFiles.copy(Path.of("../testdata/zarr/dataset_3d.zarr"), temp.resolve("cube.zarr"));
    assertThatThrownBy(() -> read(zarr, Map.of())).hasMessageContaining("is a consolidated Zarr store, not a Kerchunk"
        + " Parquet reference set; read it with format dataplug-zarr");
    Path plain = TestFiles.copy(Path.of("../testdata/zarr/zarr-python-fixture/20/1"), temp.resolve("plain"));
    assertThatThrownBy(() -> read(plain, Map.of())).hasMessageContaining("is a folder without .zmetadata: not a"
        + " Kerchunk reference set");
    assertThatThrownBy(() -> read(temp.resolve("nothing.json"), Map.of()))
        .hasMessageContaining("No Kerchunk reference set at " + temp.resolve("nothing.json"));
    Path notJson = Files.writeString(temp.resolve("bad.json"), "{\"a\": ");
    assertThatThrownBy(() -> read(notJson, Map.of())).hasMessageContaining(notJson + " is not a Kerchunk reference set:"
        + " not valid JSON");
  }

  @Test
  void aCorruptParquetReferenceFileIsNamed() throws IOException {
    Path dir = copy();
    Path record = dir.resolve("air.parq/air/refs.1.parq");
    byte[] bytes = Files.readAllBytes(record);
    Files.write(record, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> read(dir.resolve("air.parq"), Map.of("array", "air")))
        .hasMessageContaining(record + " is not a readable Kerchunk Parquet reference file");
  }

  @Test
  void aBadSchemeOptionNamesTheOption() throws IOException {
    Path dir = copy();
    assertThatThrownBy(() -> read(dir.resolve("air.json"), Map.of("urlSchemes", "s3:s3a")))
        .hasMessageContaining("Option urlSchemes: 's3:s3a' is not scheme=scheme");
  }
}
