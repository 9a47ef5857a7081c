package io.dataplug.formats.gzip.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.index.IndexFormatException;
import io.dataplug.formats.index.IndexMode;
import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.GzipWriters;
import io.dataplug.formats.text.LineIndexes;
import io.dataplug.formats.text.ResyncLineSplit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * gztool and GZIDX indexes (here exported from this project's index; the tools' own are read in the connector's
 * codec test) split a gzip file into lines by resync: every split size gives every line once, and an index that does
 * not describe the file is an error naming it, never wrong lines.
 */
class InteropIndexTest {
  @TempDir Path temp;
  final LocalBlobStore store = new LocalBlobStore();

  /** Lines of 0 to 2,000 characters (some longer than the index span), some empty; a last line without '\n'. */
  static byte[] text(long seed, int count) {
    Random random = new Random(seed);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      int length = random.nextInt(8) == 0 ? 0 : random.nextInt(random.nextInt(50) == 0 ? 70_000 : 2_000);
      out.append(i).append(' ');
      for (int k = 0; k < length; k++) {
        out.append((char) ('a' + random.nextInt(random.nextInt(3) == 0 ? 3 : 26)));
      }
      out.append('\n');
    }
    return out.append("last line without a newline").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Lines of 0 to 3 characters. */
  static byte[] shortLines(long seed, int count) {
    Random random = new Random(seed);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      out.append("xyz", 0, random.nextInt(4)).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  Path write(String name, byte[] bytes) throws IOException {
    return Files.write(temp.resolve(name), bytes);
  }

  /** Builds this project's text index with 32 KiB spans and exports it; returns the foreign index's path. */
  String exported(Path file, String kind) throws IOException {
    try (Blob blob = store.open(file.toString())) {
      SidecarIndexes indexes = LineIndexes.sidecars(store, null, IndexMode.REBUILD, 32 << 10);
      FileIndex index = indexes.loadOrBuild(blob);
      String target = InteropIndexes.exportUri(file.toString(), kind);
      int points = InteropIndexes.export(store, blob, index, indexes.indexUriFor(file.toString()), kind, target);
      assertThat(points).isEqualTo(index.checkpoints().size());
      return target;
    }
  }

  byte[] readSplits(Path file, InteropIndex index, long splitSize) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    long length = Files.size(file);
    for (long start = 0; start < length; start += splitSize) {
      try (Blob data = store.open(file.toString()); Blob indexBlob = index == null ? null : store.open(index.uri())) {
        long end = Math.min(length, start + splitSize);
        ResyncLineSplit lines = index == null ? ResyncLineSplit.ofBgzfBlocks(data, start, end)
            : ResyncLineSplit.ofForeignIndex(data, indexBlob, index, start, end);
        if (lines != null) {
          try (lines) {
            lines.transferTo(all);
          }
        }
      }
    }
    return all.toByteArray();
  }

  InteropIndex find(Path file) throws IOException {
    try (Blob blob = store.open(file.toString())) {
      return InteropIndexes.find(store, blob, null);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"single, gztool", "single, gzidx", "multi, gztool", "multi, gzidx", "short, gztool", "short, gzidx"})
  void everySplitSizeGivesEveryLineOnce(String layout, String kind) throws Exception {
    // Short lines put a line end right at many points, the case where a split must take one more line.
    byte[] text = layout.equals("short") ? shortLines(kind.length(), 600_000) : text(layout.length() * 31L + kind.length(), 3_000);
    byte[] gz = layout.equals("multi") ? GzipWriters.multiMember(text, 150_000, 6) : GzipWriters.singleMember(text, 6);
    Path file = write(layout + ".txt.gz", gz);
    String uri = exported(file, kind);
    InteropIndex index = find(file);
    assertThat(index.kind()).isEqualTo(kind);
    assertThat(index.uri()).isEqualTo(uri);
    assertThat(index.points()).hasSizeGreaterThan(layout.equals("short") ? 5 : 20);
    for (long splitSize : new long[] {1 << 10, 7_777, 64 << 10, 1 << 20, gz.length}) {
      assertThat(readSplits(file, index, splitSize)).as("%s %s split size %d", layout, kind, splitSize).isEqualTo(text);
    }
  }

  @Test
  void bgzfSplitsByBlockWithoutAnIndex() throws Exception {
    byte[] text = text(5, 2_000);
    Path file = write("blocks.txt.gz", GzipWriters.bgzf(text));
    for (long splitSize : new long[] {1 << 10, 10_000, 64 << 10, 1 << 20}) {
      assertThat(readSplits(file, null, splitSize)).as("split size %d", splitSize).isEqualTo(text);
    }
  }

  @Test
  void aGzipBgziIsPassedOverAndGztoolIsToldByContentNotName() throws Exception {
    Path file = write("named.txt.gz", GzipWriters.singleMember(text(6, 500), 6));
    // A bgzip .gzi: a little-endian count of blocks, then offset pairs.
    write("named.txt.gz.gzi", new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0});
    assertThat(find(file)).isNull();
    String gztool = exported(file, "gztool");
    Files.move(Path.of(gztool), temp.resolve("named.txt.gz.gzi"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(find(file).kind()).isEqualTo("gztool");
  }

  @Test
  void aGztoolIndexOfAnotherFileFailsTheSplitThatMeetsItNeverWrongLines() throws Exception {
    Path file = write("mine.txt.gz", GzipWriters.singleMember(text(8, 3_000), 6));
    exported(file, "gztool");
    Files.write(file, GzipWriters.singleMember(text(9, 3_000), 6));
    InteropIndex index = find(file);
    assertThatThrownBy(() -> readSplits(file, index, 64 << 10)).isInstanceOf(IOException.class)
        .hasMessageContaining("mine.txt.gzi (gztool index) does not match " + file)
        .hasMessageContaining("remove it or rebuild it");
  }

  /**
   * Whichever split runs first, each fails naming the index: one that starts at a point whose data does not decode
   * as well as one whose end point's check fails (a Spark job reports the first task that fails).
   */
  @Test
  void everySplitOfAFileWithAnotherFilesIndexFailsNamingTheIndex() throws Exception {
    Path file = write("each.txt.gz", GzipWriters.singleMember(text(8, 3_000), 6));
    exported(file, "gztool");
    Files.write(file, GzipWriters.singleMember(text(9, 3_000), 6));
    InteropIndex index = find(file);
    long length = Files.size(file);
    int failed = 0;
    for (long start = (length - 1) / (64 << 10) * (64 << 10); start >= 0; start -= 64 << 10) {
      try (Blob data = store.open(file.toString()); Blob indexBlob = store.open(index.uri())) {
        ResyncLineSplit lines = ResyncLineSplit.ofForeignIndex(data, indexBlob, index, start,
            Math.min(length, start + (64 << 10)));
        if (lines == null) {
          continue;
        }
        try (lines) {
          assertThatThrownBy(() -> lines.transferTo(OutputStream.nullOutputStream())).as("split at %d", start)
              .hasMessageContaining("each.txt.gzi (gztool index) does not match " + file)
              .hasMessageContaining("remove it or rebuild it");
          failed++;
        }
      }
    }
    assertThat(failed).as("splits that own a point").isGreaterThan(2);
  }

  @Test
  void aGzidxIndexOfAFileOfAnotherLengthIsRefusedWhenFound() throws Exception {
    Path file = write("sized.txt.gz", GzipWriters.singleMember(text(10, 3_000), 6));
    exported(file, "gzidx");
    Files.write(file, GzipWriters.singleMember(text(11, 2_000), 6));
    assertThatThrownBy(() -> find(file)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining("sized.txt.gz.gzidx (gzidx) describes a gzip file of")
        .hasMessageContaining("but " + file + " has");
  }

  @Test
  void aTruncatedFileIsAnErrorNamingIt() throws Exception {
    byte[] gz = GzipWriters.singleMember(text(12, 3_000), 6);
    Path file = write("cut.txt.gz", gz);
    exported(file, "gztool");
    InteropIndex index = find(file);
    long lastPoint = index.points().get(index.points().size() - 1).compressedByteOffset();
    Files.write(file, java.util.Arrays.copyOf(gz, (int) (lastPoint + (gz.length - lastPoint) / 2)));
    assertThatThrownBy(() -> readSplits(file, find(file), 64 << 10)).isInstanceOf(IOException.class)
        .hasMessageContaining("cut.txt.gz").hasMessageContaining("truncated");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"gztool", "gzidx"})
  void aCorruptIndexIsAnErrorNamingIt(String kind) throws Exception {
    Path file = write("corrupt-" + kind + ".txt.gz", GzipWriters.singleMember(text(13, 3_000), 6));
    Path index = Path.of(exported(file, kind));
    byte[] bytes = Files.readAllBytes(index);
    Random random = new Random(kind.hashCode());
    // Damage the windows (the second half of the file): each is checked where a split reaches its point.
    for (int i = 0; i < 40; i++) {
      int at = bytes.length / 2 + random.nextInt(bytes.length / 2);
      bytes[at] = (byte) (bytes[at] ^ (1 + random.nextInt(255)));
    }
    Files.write(index, bytes);
    assertThatThrownBy(() -> readSplits(file, find(file), 16 << 10)).isInstanceOf(IOException.class)
        .hasMessageContaining(index.getFileName().toString());
    // A cut index: its own length gives it away.
    Files.write(index, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    assertThatThrownBy(() -> find(file)).isInstanceOf(IndexFormatException.class)
        .hasMessageContaining(index.getFileName().toString());
  }

  /**
   * Points put where the rule's edge cases are: a split whose points enclose no line end, with a line end exactly at
   * its end point, owns no line (the next split's first line is that one's continuation); a line end right before a
   * point belongs to the split before it. Points at member starts need no window, so they can be placed at will.
   */
  @Test
  void lineEndsRightAtAndRightBeforeAPointAreNeitherLostNorRepeated() throws Exception {
    String[] members = {"first\nno end here", "still the same line", "\nnext\n", "x\n", "tail"};
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    for (String member : members) {
      gz.write(GzipWriters.singleMember(member.getBytes(StandardCharsets.US_ASCII), 6));
    }
    Path file = write("edges.txt.gz", gz.toByteArray());
    java.util.List<InteropIndex.Point> points = new java.util.ArrayList<>();
    java.util.List<Long> pointBytes = new java.util.ArrayList<>();
    try (Blob data = store.open(file.toString());
        var decoder = io.dataplug.formats.gzip.GzipDecoder.fromStart(data, io.dataplug.formats.gzip.GzipDecoder.Engine.NATIVE)) {
      byte[] buffer = new byte[1024];
      int n;
      while ((n = decoder.read(buffer, 0, buffer.length)) >= 0) {
        if (n == 0 && decoder.boundary() == io.dataplug.formats.gzip.GzipDecoder.Boundary.MEMBER
            && decoder.position() > 0) {
          points.add(new InteropIndex.Point(decoder.memberDataBitOffset(), decoder.position(),
              InteropIndex.WindowEncoding.NONE, -1, 0));
          pointBytes.add(decoder.boundaryBitOffset() >>> 3);
        }
      }
    }
    assertThat(points).hasSize(members.length - 1);
    InteropIndex index = new InteropIndex("gztool", "edges.gzi", points, -1, -1);
    // Splits that start at each member header: each owns the lines after its point, up to the next point's line.
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    java.util.List<Long> starts = new java.util.ArrayList<>(java.util.List.of(0L));
    starts.addAll(pointBytes);
    for (int i = 0; i < starts.size(); i++) {
      long end = i + 1 < starts.size() ? starts.get(i + 1) : Files.size(file);
      try (Blob data = store.open(file.toString())) {
        ResyncLineSplit lines = ResyncLineSplit.ofForeignIndex(data, null, index, starts.get(i), end);
        if (lines != null) {
          try (lines) {
            lines.transferTo(all);
          }
        }
      }
    }
    assertThat(all.toString(StandardCharsets.US_ASCII)).isEqualTo(String.join("", members));
  }
}
