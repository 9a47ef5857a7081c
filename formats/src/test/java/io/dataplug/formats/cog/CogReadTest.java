package io.dataplug.formats.cog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.Predicate;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanPlan;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.FormatReads;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COG reads beyond the conformance rows: box pruning, levels, bands, and bad input. */
class CogReadTest {
  private static final Path DATA = Path.of("../testdata/cog");
  private static final DataFormat FORMAT = Formats.byShortName("dataplug-cog");

  @TempDir Path temp;
  private final BlobStore store = new LocalBlobStore();

  private Path copy(String name) throws IOException {
    return Files.copy(DATA.resolve(name), temp.resolve(name));
  }

  private FormatDataset open(Path path, Map<String, String> options) throws IOException {
    return FORMAT.open(store, ReadOptions.parse(FORMAT, List.of(path.toString()), options, Map.of()));
  }

  private FormatReads read(FormatDataset dataset, List<Predicate> predicates) throws IOException {
    return FormatReads.read(store, dataset.plan(new ScanRequest(FormatReads.allColumns(dataset), predicates, -1)),
        -1);
  }

  @Test
  void everyInflaterGivesTheSameTilesAndThePlanNamesIt() throws IOException {
    Path file = copy("cog.tif");
    FormatDataset jdk = open(file, Map.of("inflater", "jdk", "splitSize", "64k"));
    FormatDataset libdeflate = open(file, Map.of("inflater", "libdeflate", "splitSize", "64k"));
    List<String> rows = read(jdk, List.of()).rows;
    assertThat(rows).hasSize(121);
    assertThat(read(libdeflate, List.of()).rows).isEqualTo(rows);
    ScanRequest all = new ScanRequest(FormatReads.allColumns(jdk), List.of(), -1);
    assertThat(jdk.describe(all)).contains("inflater=jdk");
    assertThat(libdeflate.describe(all)).contains("inflater=libdeflate");
    assertThat(open(file, Map.of()).describe(all)).contains("inflater=auto (libdeflate here)");
    assertThatThrownBy(() -> open(file, Map.of("inflater", "zlib")))
        .hasMessageContaining("Invalid value 'zlib' for option inflater").hasMessageContaining("auto, java, jdk, libdeflate or isal");
    assertThatThrownBy(() -> open(file, Map.of("inflater", "java")))
        .hasMessageContaining("Invalid value 'java' for option inflater: COG tiles are inflated by auto, jdk or libdeflate");
    assertThatThrownBy(() -> open(file, Map.of("inflater", "isal")))
        .hasMessageContaining("Invalid value 'isal' for option inflater: COG tiles are inflated by auto, jdk or libdeflate")
        .hasMessageContaining("isal is for the gzip readers only");
  }

  @Test
  void aBoxReadsOnlyTheTilesItTouches() throws IOException {
    Path file = copy("cog.tif");
    FormatDataset dataset = open(file, Map.of("splitSize", "64k"));
    FormatReads all = read(dataset, List.of());
    // A box of about 5 % of the image: x from 380,000 to 440,000, y from 8,100,000 to 8,160,000 (EPSG:32621).
    List<Predicate> box = List.of(new Predicate("maxX", Predicate.Op.GE, 380_000.0),
        new Predicate("minX", Predicate.Op.LE, 440_000.0), new Predicate("maxY", Predicate.Op.GE, 8_100_000.0),
        new Predicate("minY", Predicate.Op.LE, 8_160_000.0));
    ScanPlan plan = dataset.plan(new ScanRequest(FormatReads.allColumns(dataset), box, -1));
    FormatReads boxed = FormatReads.read(store, plan, -1);
    List<String> expected = all.rows.stream().filter(r -> {
      String[] v = r.split("\\|");
      double minX = Double.parseDouble(v[8]);
      double minY = Double.parseDouble(v[9]);
      double maxX = Double.parseDouble(v[10]);
      double maxY = Double.parseDouble(v[11]);
      return maxX >= 380_000 && minX <= 440_000 && maxY >= 8_100_000 && minY <= 8_160_000;
    }).toList();
    assertThat(expected).as("the README says 12 of the 121 tiles").hasSize(12);
    assertThat(all.rows).hasSize(121);
    assertThat(boxed.rows).containsExactlyElementsOf(expected);
    long fileBytes = Files.size(file);
    assertThat(boxed.metrics.get(ReadMetric.DATA_BYTES)).as("bytes read for the box")
        .isLessThan(fileBytes / 5);
    assertThat(plan.planningMetrics().get(ReadMetric.RUNS_PLANNED)).isEqualTo((long) expected.size());
  }

  @Test
  void overviewAndResolutionPickALevelAndNotBoth() throws IOException {
    Path file = copy("cog.tif");
    assertThat(open(file, Map.of()).count(ScanRequest.all(List.of("x")))).hasValue(11 * 11);
    assertThat(open(file, Map.of("overview", "2")).count(ScanRequest.all(List.of("x")))).hasValue(6 * 6);
    // Level 3 has pixels of about 798 m: the nearest to 700.
    FormatReads level3 = read(open(file, Map.of("resolution", "700")), List.of());
    assertThat(level3.rows).isEqualTo(read(open(file, Map.of("overview", "3")), List.of()).rows);
    assertThatThrownBy(() -> open(file, Map.of("overview", "5")).schema())
        .hasMessageContaining(file.toString()).hasMessageContaining("has 4 overviews")
        .hasMessageContaining("overview 5 does not exist");
    assertThatThrownBy(() -> ReadOptions.parse(FORMAT, List.of("x.tif"), Map.of("overview", "1",
        "resolution", "10"), Map.of())).hasMessageContaining("overview or resolution, not both");
  }

  @Test
  void bandsKeepsTheBandsAskedForInTheirOrder() throws IOException {
    Path file = copy("image_rioCOG_gdal3.1.tif");
    List<String> all = read(open(file, Map.of()), List.of()).rows;
    List<String> picked = read(open(file, Map.of("bands", "3,1")), List.of()).rows;
    for (int i = 0; i < all.size(); i++) {
      String allData = all.get(i).split("\\|")[7];
      String pickedData = picked.get(i).split("\\|")[7];
      String[] bands = allData.substring(2, allData.length() - 2).split("\\], \\[");
      assertThat(pickedData).isEqualTo("[[" + bands[2] + "], [" + bands[0] + "]]");
    }
    assertThatThrownBy(() -> read(open(file, Map.of("bands", "4")), List.of())).hasMessageContaining(file.toString())
        .hasMessageContaining("has 3 bands: band 4");
    assertThatThrownBy(() -> ReadOptions.parse(FORMAT, List.of("x.tif"), Map.of("bands", "0,x"), Map.of()))
        .hasMessageContaining("Invalid value '0,x' for option bands");
  }

  /** The byte offset of the value of tag {@code tag} in the first IFD of a little-endian classic TIFF. */
  private static long firstIfdValue(Path file, int tag) throws IOException {
    byte[] head = new byte[65536];
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      f.readFully(head, 0, (int) Math.min(head.length, f.length()));
    }
    ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
    int ifd = b.getInt(4);
    int n = b.getShort(ifd) & 0xFFFF;
    for (int i = 0; i < n; i++) {
      int at = ifd + 2 + 12 * i;
      if ((b.getShort(at) & 0xFFFF) == tag) {
        return at + 8;
      }
    }
    throw new AssertionError("no tag " + tag);
  }

  @Test
  void anUnsupportedCompressionIsAnErrorNamingIt() throws IOException {
    Path file = copy("image_rioCOG_gdal3.1.tif");
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(firstIfdValue(file, 259));
      f.write(new byte[] {(byte) (34887 & 0xFF), (byte) (34887 >> 8)});
    }
    assertThatThrownBy(() -> read(open(file, Map.of()), List.of())).hasMessageContaining(file.toString())
        .hasMessageContaining("tile 0").hasMessageContaining("compressed with LERC");
  }

  @Test
  void aTruncatedFileIsAnErrorNamingTheTileAndOffset() throws IOException {
    Path file = copy("cog.tif");
    long length = Files.size(file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(length - 1000);
    }
    assertThatThrownBy(() -> read(open(file, Map.of()), List.of())).hasMessageContaining(file.toString())
        .hasMessageContaining("IFD 0 (level 0) tile 116 (column 6, row 10) lies at bytes [795866, 798772)")
        .hasMessageContaining("past the end of the file");
  }

  @Test
  void aCorruptTileIsAnErrorNamingIt() throws IOException {
    Path file = copy("image_rioCOG_gdal3.1.tif");
    long offsets = firstIfdValue(file, 324);
    long firstTile;
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offsets);
      long table = Integer.toUnsignedLong(Integer.reverseBytes(f.readInt()));
      f.seek(table);
      firstTile = Integer.toUnsignedLong(Integer.reverseBytes(f.readInt()));
      f.seek(firstTile + 20);
      f.write(new byte[64]);
    }
    assertThatThrownBy(() -> read(open(file, Map.of()), List.of())).hasMessageContaining(file.toString())
        .hasMessageContaining("tile 0 (column 0, row 0) is corrupt");
  }

  @Test
  void aStrippedTiffSaysToTileIt() throws IOException {
    Path file = temp.resolve("strips.tif");
    ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 * 5 + 4 + 16).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8).putShort((short) 5);
    int[][] entries = {{256, 3, 1, 4}, {257, 3, 1, 4}, {258, 3, 1, 8}, {273, 4, 1, 82}, {279, 4, 1, 16}};
    for (int[] e : entries) {
      b.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]).putInt(e[3]);
    }
    b.putInt(0);
    Files.write(file, b.array());
    assertThatThrownBy(() -> open(file, Map.of()).schema()).hasMessageContaining(file.toString())
        .hasMessageContaining("stored in strips, not tiles");
  }
}
