package io.dataplug.formats.las;

import io.dataplug.formats.plan.DataFiles;
import io.dataplug.formats.plan.PartitionPacker;
import io.dataplug.formats.index.IndexMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.LasGenerator;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken LiDAR files fail with a message naming the file and the chunk or byte offset, never with wrong points. */
class LidarBadInputTest {
  static final Path TESTDATA = LidarEquivalenceTest.TESTDATA;
  private final LocalBlobStore store = new LocalBlobStore();

  @TempDir
  Path dir;

  private Path copy(String relative) throws IOException {
    Path source = TESTDATA.resolve(relative);
    return Files.copy(source, dir.resolve(source.getFileName()));
  }

  private List<String> readAll(Path file, boolean withIndex) throws IOException {
    LidarDatasetPlanner.Plan plan = new LidarDatasetPlanner(store,
        LidarReading.options(file.toString(), 1 << 16, 0, false, -1, 5_000)).plan(withIndex ? new PointFilter() : null);
    return LidarReading.readAll(store, plan);
  }

  private static void patch(Path file, long offset, byte[] bytes) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      raf.write(bytes);
    }
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  private LazChunkTable table(Path file) throws IOException {
    try (Blob blob = store.open(file.toString())) {
      return LazChunkTable.read(blob, LasFileInfo.read(blob));
    }
  }

  @Test
  void aTruncatedLazFileNamesTheMissingChunkTable() throws IOException {
    Path file = copy("laz/autzen_trim.laz");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(400_000);
    }
    assertThatThrownBy(() -> readAll(file, false)).isInstanceOf(LasFormatException.class)
        .hasMessageContaining("Truncated LAZ file " + file).hasMessageContaining("400000 bytes");
  }

  @Test
  void aTruncatedChunkNamesTheChunk() throws IOException {
    Path file = copy("laz/autzen_trim.laz");
    LasFileInfo info;
    try (Blob blob = store.open(file.toString())) {
      info = LasFileInfo.read(blob);
    }
    LazChunkTable table = table(file);
    byte[] bytes = Files.readAllBytes(file);
    int half = (int) table.byteLengths()[1] / 2;
    byte[] out = new byte[50_000 * 34];
    LazChunkDecoder decoder = new LazChunkDecoder(file.toString(), info.laz(), 34, LazDecoder.AUTO);
    assertThatThrownBy(() -> decoder.decode(bytes, (int) table.offsets()[1], half, 50_000, out, "chunk 1"))
        .isInstanceOf(LasFormatException.class).hasMessageContaining("Truncated LAZ chunk").hasMessageContaining("chunk 1 of " + file)
        .hasMessageContaining("ran out of its " + half + " bytes");
  }

  @Test
  void aCorruptChunkNamesTheChunkInsteadOfReturningWrongPoints() throws IOException {
    Path file = copy("laz/autzen_trim.laz");
    LazChunkTable table = table(file);
    byte[] garbage = new byte[64];
    new java.util.Random(3).nextBytes(garbage);
    patch(file, table.offsets()[1] + 1000, garbage);
    assertThatThrownBy(() -> readAll(file, false)).isInstanceOf(LasFormatException.class)
        .hasMessageContaining("Corrupt LAZ chunk: chunk 1").hasMessageContaining(file.toString());
  }

  @Test
  void aCorruptChunkTableIsReportedWithItsOffset() throws IOException {
    Path file = copy("laz/autzen_trim.laz");
    long tableStart;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      byte[] eight = new byte[8];
      raf.seek(227 + 0);
      LasFileInfo info;
      try (Blob blob = store.open(file.toString())) {
        info = LasFileInfo.read(blob);
      }
      raf.seek(info.header().offsetToPointData());
      raf.readFully(eight);
      tableStart = ByteBuffer.wrap(eight).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
    patch(file, tableStart + 4, le32(1_000_000)); // a chunk count the point data cannot hold
    assertThatThrownBy(() -> readAll(file, false)).isInstanceOf(LasFormatException.class)
        .hasMessageContaining("Corrupt LAZ chunk table in " + file + " at byte " + tableStart);
    Path other = copy("laz/simple.laz");
    long otherTable;
    try (Blob blob = store.open(other.toString())) {
      byte[] eight = new byte[8];
      blob.readFully(LasFileInfo.read(blob).header().offsetToPointData(), eight, 0, 8);
      otherTable = ByteBuffer.wrap(eight).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
    patch(other, otherTable + 8, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
    assertThatThrownBy(() -> readAll(other, false)).isInstanceOf(LasFormatException.class)
        .hasMessageContaining(other.toString()).hasMessageContaining("chunk");
  }

  @Test
  void aHeaderPointCountThatDisagreesWithTheDataIsAnError() throws IOException {
    Path laz = copy("laz/autzen_trim.laz");
    patch(laz, 107, le32(110_001));
    // Fixed-size chunks: the last chunk is promised one point more than it holds.
    assertThatThrownBy(() -> readAll(laz, false)).isInstanceOf(LasFormatException.class)
        .hasMessageContaining("point count that disagrees with the data: chunk 2").hasMessageContaining(laz.toString())
        .hasMessageContaining("after 10000 of the 10001 points");
    patch(laz, 107, le32(150_001));
    assertThatThrownBy(() -> readAll(laz, false)).isInstanceOf(LasFormatException.class)
        .hasMessageContaining("Point count mismatch in " + laz).hasMessageContaining("header says 150001");
    Path las = copy("las/test1_4.las");
    patch(las, 247, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1005).array());
    assertThatThrownBy(() -> readAll(las, false)).isInstanceOf(LasFormatException.class)
        .hasMessageContaining("Header point count 1005 of " + las).hasMessageContaining("truncated file, or a wrong count");
    Path copc = copy("copc/1.2-with-color.copc.laz");
    patch(copc, 247, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(1064).array());
    assertThatThrownBy(() -> readAll(copc, false)).isInstanceOf(LasFormatException.class)
        .hasMessageContaining("Point count mismatch in " + copc);
  }

  @Test
  void anUnknownCompressorIsNamed() throws IOException {
    Path file = copy("laz/simple.laz");
    byte[] bytes = Files.readAllBytes(file);
    int vlr = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("laszip encoded") - 2;
    patch(file, vlr + 54, new byte[] {7, 0});
    assertThatThrownBy(() -> readAll(file, false)).isInstanceOf(LasFormatException.class)
        .hasMessageContaining("Unknown LAZ compressor 7 in the laszip VLR of " + file);
  }

  @Test
  void aFileThatIsNotLasSaysSo() throws IOException {
    Path fastq = Files.copy(TESTDATA.resolve("fastq/tricky.fastq"), dir.resolve("tricky.las"));
    assertThatThrownBy(() -> readAll(fastq, false)).isInstanceOf(LasFormatException.class)
        .hasMessageContaining("Not a LAS/LAZ file: " + fastq);
  }

  @Test
  void aFileChangedInPlaceAfterIndexingFailsItsBlockCrc() throws IOException {
    Path file = dir.resolve("survey.las");
    LasGenerator.write(file, 1, 20_000, 100, 9);
    assertThat(readAll(file, true)).hasSize(20_000);
    FileTime mtime = Files.getLastModifiedTime(file);
    patch(file, 227 + 28L * 12_345 + 12, new byte[] {1, 2});
    Files.setLastModifiedTime(file, mtime);
    assertThatThrownBy(() -> readAll(file, true)).isInstanceOf(LasFormatException.class)
        .hasMessageContaining("CRC mismatch in block 2").hasMessageContaining(file.toString())
        .hasMessageContaining("changed after it was indexed");
    // A change the identity sees (a new modification time) rebuilds the index in auto mode.
    Files.setLastModifiedTime(file, FileTime.fromMillis(mtime.toMillis() + 5_000));
    assertThat(readAll(file, true)).hasSize(20_000);
  }

  @Test
  void aCorruptIndexIsRebuiltInAutoModeAndAnErrorInRequireMode() throws IOException {
    Path file = dir.resolve("survey.las");
    LasGenerator.write(file, 6, 10_000, 100, 10);
    List<String> expected = readAll(file, true);
    Path index = dir.resolve(".survey.las.dpidx");
    assertThat(index).exists();
    patch(index, 60, new byte[] {0x55, 0x55});
    assertThat(readAll(file, true)).containsExactlyElementsOf(expected);
    patch(index, 60, new byte[] {0x55, 0x55});
    LidarDatasetPlanner.Options require = new LidarDatasetPlanner.Options(
        DataFiles.exactly(List.of(file.toString())), new PartitionPacker(1 << 16, 0, 0), IndexMode.REQUIRE, null, 5_000, false, 0, 0, false, -1, false);
    assertThatThrownBy(() -> new LidarDatasetPlanner(store, require).plan(new PointFilter()))
        .hasMessageContaining("Corrupt index " + index);
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nowhere/tile.laz");
    assertThatThrownBy(() -> readAll(missing, false)).isInstanceOf(java.io.FileNotFoundException.class)
        .hasMessageContaining(missing.toString());
  }
}
