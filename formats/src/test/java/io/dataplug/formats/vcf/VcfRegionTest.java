package io.dataplug.formats.vcf;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.dataplug.formats.testing.GzipWriters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Region filters prune slices before any read, by the index's record blocks (any file) and a tabix index (BGZF):
 * the rows equal a full read filtered the same way, and fewer bytes are read.
 */
class VcfRegionTest {
  private static final List<String> COLUMNS = List.of("contigName", "start", "end", "referenceAllele", "qual");
  private static final long FROM = 50_600_000;
  private static final long TO = 50_650_000;

  @TempDir Path temp;
  private final BlobStore store = new LocalBlobStore();

  @AfterEach
  void noBlobLeftOpen() {
    assertThat(BlobStore.openBlobs()).isZero();
  }

  private static List<Predicate> region(long from, long to) {
    return List.of(new Predicate("contigName", Predicate.Op.EQ, "22"), new Predicate("start", Predicate.Op.LT, to),
        new Predicate("end", Predicate.Op.GT, from));
  }

  private FormatReads read(Path file, List<Predicate> predicates) throws IOException {
    DataFormat format = Formats.byShortName("dataplug-vcf");
    FormatDataset dataset = format.open(store, ReadOptions.parse(format, List.of(file.toString()),
        Map.of("checkpointSpan", "16k"), Map.of()));
    ScanPlan plan = dataset.plan(new ScanRequest(COLUMNS, predicates, -1));
    return FormatReads.read(store, plan, -1);
  }

  /** The rows of a full read that a region keeps, filtered here as Spark would. */
  private static List<String> filtered(List<String> rows, long from, long to) {
    List<String> out = new ArrayList<>();
    for (String row : rows) {
      String[] v = row.split("\\|");
      if (v[0].equals("22") && Double.parseDouble(v[1]) < to && Double.parseDouble(v[2]) > from) {
        out.add(row);
      }
    }
    return out;
  }

  private static byte[] text() throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(Path.of("../testdata/vcf/chr22.vcf.gz")))) {
      return in.readAllBytes();
    }
  }

  @Test
  void aRegionReadsOnlyItsSpansWithTabixWithoutAndInPlainGzip() throws IOException {
    Path bgzf = temp.resolve("chr22.vcf.gz");
    Files.copy(Path.of("../testdata/vcf/chr22.vcf.gz"), bgzf);
    Files.copy(Path.of("../testdata/vcf/chr22.vcf.gz.tbi"), temp.resolve("chr22.vcf.gz.tbi"));
    Path plainGzip = temp.resolve("same.vcf.gz");
    Files.write(plainGzip, GzipWriters.singleMember(text(), 6));
    Path plain = temp.resolve("same.vcf");
    Files.write(plain, text());

    FormatReads all = read(bgzf, List.of());
    List<String> expected = filtered(all.rows, FROM, TO);
    assertThat(expected).hasSizeBetween(10, all.rows.size() / 4);
    for (Path file : List.of(bgzf, plainGzip, plain)) {
      FormatReads full = read(file, List.of());
      FormatReads regional = read(file, region(FROM, TO));
      assertThat(filtered(regional.rows, FROM, TO)).as("%s", file).containsExactlyElementsOf(expected);
      assertThat(regional.metrics.get(ReadMetric.DATA_BYTES)).as("bytes read for the region of %s", file)
          .isLessThan(full.metrics.get(ReadMetric.DATA_BYTES) / 3);
    }
    // Without its .tbi the BGZF file is pruned by the index alone, to the same rows.
    Files.delete(temp.resolve("chr22.vcf.gz.tbi"));
    assertThat(filtered(read(bgzf, region(FROM, TO)).rows, FROM, TO)).containsExactlyElementsOf(expected);
  }

  @Test
  void anUnsortedFileIsPrunedCorrectly() throws IOException {
    String[] lines = new String(text(), StandardCharsets.UTF_8).split("\n");
    List<String> header = new ArrayList<>();
    List<String> records = new ArrayList<>();
    for (String line : lines) {
      (line.startsWith("#") ? header : records).add(line);
    }
    Collections.shuffle(records, new Random(5));
    Path shuffled = temp.resolve("shuffled.vcf.gz");
    Files.write(shuffled, GzipWriters.singleMember((String.join("\n", header) + "\n" + String.join("\n", records)
        + "\n").getBytes(StandardCharsets.UTF_8), 6));
    List<String> all = read(shuffled, List.of()).rows;
    assertThat(filtered(read(shuffled, region(FROM, TO)).rows, FROM, TO))
        .containsExactlyElementsOf(filtered(all, FROM, TO));
  }
}
