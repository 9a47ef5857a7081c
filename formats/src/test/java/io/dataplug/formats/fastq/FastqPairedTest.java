package io.dataplug.formats.fastq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Formats;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Paired-end FASTQ: mates zipped by record ordinal at every partitioning, checked names and counts. */
class FastqPairedTest {
  private static final int PAIRS = 3000;

  @TempDir Path temp;
  private final BlobStore store = new LocalBlobStore();

  @AfterEach
  void noBlobLeftOpen() {
    assertThat(BlobStore.openBlobs()).isZero();
  }

  /** Seeded mates: "pair{i}/1" and "pair{i}/2" (or a changed name at {@code renamed}), random lengths and bases. */
  private static byte[] mates(long seed, int mate, int count, int renamed, char qualityBase) {
    Random random = new Random(seed * 31 + mate);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      int length = 50 + random.nextInt(100);
      StringBuilder bases = new StringBuilder();
      StringBuilder quality = new StringBuilder();
      for (int k = 0; k < length; k++) {
        bases.append("ACGTN".charAt(random.nextInt(5)));
        quality.append((char) (qualityBase + random.nextInt(41)));
      }
      out.append('@').append(i == renamed ? "other" : "pair").append(i).append('/').append(mate)
          .append(mate == 1 ? " lane:1" : "").append('\n').append(bases).append("\n+\n").append(quality).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private Path[] write(int count1, int count2, int renamed, char qualityBase) throws IOException {
    Path one = temp.resolve("run_R1.fastq.gz");
    Path two = temp.resolve("run_R2.fastq.bgz");
    Files.write(one, GzipWriters.singleMember(mates(7, 1, count1, -1, qualityBase), 6));
    Files.write(two, GzipWriters.bgzf(mates(7, 2, count2, renamed, qualityBase)));
    return new Path[] {one, two};
  }

  private FormatDataset open(Path[] files, Map<String, String> options) throws IOException {
    DataFormat format = Formats.byShortName("dataplug-fastq");
    Map<String, String> all = new HashMap<>(options);
    all.put("mate2", files[1].toString());
    return format.open(store, ReadOptions.parse(format, List.of(files[0].toString()), all, Map.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"splitSize=8k", "partitions=3", "splitSize=1g"})
  void matesAreZippedByOrdinalAtEveryPartitioning(String split) throws IOException {
    Path[] files = write(PAIRS, PAIRS, -1, '!');
    String[] option = split.split("=");
    FormatDataset dataset = open(files, Map.of(option[0], option[1], "checkpointSpan", "16k"));
    List<String> columns = FormatReads.allColumns(dataset);
    assertThat(columns).containsExactly("read1", "read2", "ordinal");
    ScanPlan plan = dataset.plan(ScanRequest.all(columns));
    List<String> rows = FormatReads.read(store, plan, -1).rows;
    List<String> reference = FormatReads.read(store, dataset.referencePlan(ScanRequest.all(columns)), -1).rows;
    assertThat(rows).hasSize(PAIRS).containsExactlyElementsOf(reference);
    for (int i = 0; i < PAIRS; i += 997) {
      assertThat(rows.get(i)).contains("name=pair" + i + "/1").contains("name=pair" + i + "/2")
          .endsWith("|" + (double) i + "|");
    }
    if (!split.equals("splitSize=1g")) {
      assertThat(plan.partitions()).hasSizeGreaterThan(1);
    }
    assertThat(dataset.count(ScanRequest.all(columns)).getAsLong()).isEqualTo(PAIRS);
  }

  @Test
  void matesOfDifferentCountsAreAnErrorNamingBothFiles() throws IOException {
    Path[] files = write(PAIRS, PAIRS - 1, -1, '!');
    assertThatThrownBy(() -> open(files, Map.of()).plan(ScanRequest.all(List.of("read1"))))
        .hasMessageContaining(files[0].toString()).hasMessageContaining(files[1].toString())
        .hasMessageContaining("has 3000 records").hasMessageContaining("has 2999");
  }

  @Test
  void matesWhoseNamesDifferAreAnErrorNamingBothFilesAndTheRecord() throws IOException {
    Path[] files = write(PAIRS, PAIRS, 1234, '!');
    FormatDataset dataset = open(files, Map.of("partitions", "3", "checkpointSpan", "16k"));
    assertThatThrownBy(() -> FormatReads.read(store, dataset.plan(ScanRequest.all(List.of("read1", "ordinal"))), -1))
        .hasMessageContaining(files[0].toString()).hasMessageContaining(files[1].toString())
        .hasMessageContaining("record 1234").hasMessageContaining("'pair1234' and 'other1234/2'");
  }

  @Test
  void qualityEncodingConvertsPhred64AndChecksPhred33() throws IOException {
    Path[] files = write(200, 200, -1, '@');
    List<String> asWritten = FormatReads.read(store, open(files, Map.of()).plan(
        ScanRequest.all(List.of("read1"))), -1).rows;
    List<String> converted = FormatReads.read(store, open(files, Map.of("qualityEncoding", "phred64")).plan(
        ScanRequest.all(List.of("read1"))), -1).rows;
    String quality = asWritten.get(0).replaceAll(".*quality=([^,}]*).*", "$1");
    StringBuilder shifted = new StringBuilder();
    quality.chars().forEach(c -> shifted.append((char) (c - 31)));
    assertThat(converted.get(0)).contains("quality=" + shifted);
    assertThat(open(files, Map.of()).describe(ScanRequest.all(List.of("read1")))).contains("phred+64");

    Path[] low = write(200, 200, -1, '!');
    assertThatThrownBy(() -> FormatReads.read(store, open(low, Map.of("qualityEncoding", "phred64")).plan(
        ScanRequest.all(List.of("read1"))), -1)).hasMessageContaining("is not Phred+64")
        .hasMessageContaining("record 0");
  }
}
