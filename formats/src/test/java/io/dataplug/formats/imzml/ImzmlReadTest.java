package io.dataplug.formats.imzml;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** imzML reads beyond the conformance rows: pruning by position, mzRange, files read together, and bad input. */
class ImzmlReadTest {
  private static final Path DATA = Path.of("../testdata/imzml");
  private static final DataFormat FORMAT = Formats.byShortName("dataplug-imzml");

  @TempDir Path temp;
  private final BlobStore store = new LocalBlobStore();

  private Path copy(String base) throws IOException {
    Files.copy(DATA.resolve(base + ".ibd"), temp.resolve(base + ".ibd"));
    return Files.copy(DATA.resolve(base + ".imzML"), temp.resolve(base + ".imzML"));
  }

  private FormatDataset open(Path path, Map<String, String> options) throws IOException {
    return FORMAT.open(store, ReadOptions.parse(FORMAT, List.of(path.toString()), options, Map.of()));
  }

  private static FormatReads read(BlobStore store, FormatDataset dataset, List<Predicate> predicates)
      throws IOException {
    return FormatReads.read(store, dataset.plan(new ScanRequest(FormatReads.allColumns(dataset), predicates, -1)),
        -1);
  }

  @Test
  void positionFiltersPruneSpectraBeforeAnyRead() throws IOException {
    Path file = copy("Example_Processed");
    FormatDataset dataset = open(file, Map.of("splitSize", "1k"));
    List<String> all = read(store, dataset, List.of()).rows;
    List<Predicate> box = List.of(new Predicate("x", Predicate.Op.GE, 2), new Predicate("y", Predicate.Op.EQ, 3));
    ScanPlan plan = dataset.plan(new ScanRequest(FormatReads.allColumns(dataset), box, -1));
    FormatReads pruned = FormatReads.read(store, plan, -1);
    List<String> expected = all.stream().filter(r -> {
      String[] v = r.split("\\|");
      return Double.parseDouble(v[0]) >= 2 && Double.parseDouble(v[1]) == 3;
    }).toList();
    assertThat(expected).hasSize(2);
    assertThat(pruned.rows).containsExactlyElementsOf(expected);
    assertThat(plan.planningMetrics().get(ReadMetric.RUNS_PLANNED)).isEqualTo(2L);
    assertThat(plan.planningMetrics().get(ReadMetric.RUNS_TOTAL)).isEqualTo(9L);
    assertThat(pruned.metrics.get(ReadMetric.DATA_BYTES)).as("bytes of 2 spectra of 67,192")
        .isEqualTo(2 * 67_192L);
    assertThat(dataset.canCount(new ScanRequest(List.of("x"), box, -1))).isFalse();
  }

  @Test
  void mzRangeKeepsTheValuesInsideAndTheirIntensities() throws IOException {
    Path file = copy("Example_Continuous");
    List<String> whole = read(store, open(file, Map.of()), List.of()).rows;
    List<String> cut = read(store, open(file, Map.of("mzRange", "300:301.5")), List.of()).rows;
    assertThat(cut).hasSameSizeAs(whole);
    for (int i = 0; i < whole.size(); i++) {
      String[] w = whole.get(i).split("\\|");
      String[] c = cut.get(i).split("\\|");
      List<Double> mz = numbers(w[3]);
      List<Double> intensity = numbers(w[4]);
      List<Double> keptMz = new ArrayList<>();
      List<Double> keptIntensity = new ArrayList<>();
      for (int k = 0; k < mz.size(); k++) {
        if (mz.get(k) >= 300 && mz.get(k) <= 301.5) {
          keptMz.add(mz.get(k));
          keptIntensity.add(intensity.get(k));
        }
      }
      assertThat(keptMz).isNotEmpty();
      assertThat(numbers(c[3])).isEqualTo(keptMz);
      assertThat(numbers(c[4])).isEqualTo(keptIntensity);
    }
  }

  private static List<Double> numbers(String list) {
    String inner = list.substring(1, list.length() - 1);
    return inner.isEmpty() ? List.of() : java.util.Arrays.stream(inner.split(", ")).map(Double::valueOf).toList();
  }

  @Test
  void aDirectoryReadsItsImzmlFilesTogether() throws IOException {
    copy("Example_Processed");
    copy("Example_Continuous");
    FormatDataset dataset = open(temp, Map.of("includeSourceFile", "true"));
    FormatReads rows = read(store, dataset, List.of());
    assertThat(rows.rows).hasSize(18);
    assertThat(dataset.count(ScanRequest.all(List.of("x")))).hasValue(18);
    assertThat(rows.rows.get(0)).endsWith("Example_Continuous.imzML|");
    // Both files store 32-bit float intensities: the column stays float.
    assertThat(dataset.schema().findField("intensity").getChildren().get(0).getType().toString())
        .contains("SINGLE");
  }

  @Test
  void anIbdOfAnotherImzmlIsAnErrorNamingBoth() throws IOException {
    Path file = copy("Example_Continuous");
    Files.copy(DATA.resolve("Example_Processed.ibd"), temp.resolve("Example_Continuous.ibd"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> open(file, Map.of()).schema())
        .hasMessageContaining(temp.resolve("Example_Continuous.ibd").toString())
        .hasMessageContaining(file.toString()).hasMessageContaining("belongs to another .imzML");
  }

  @Test
  void anOffsetPastTheEndOfTheIbdIsAnErrorNamingTheSpectrum() throws IOException {
    Path file = copy("Example_Processed");
    try (RandomAccessFile ibd = new RandomAccessFile(temp.resolve("Example_Processed.ibd").toFile(), "rw")) {
      ibd.setLength(500_000);
    }
    FormatDataset dataset = open(file, Map.of());
    assertThatThrownBy(() -> read(store, dataset, List.of()))
        .hasMessageContaining(file.toString()).hasMessageContaining("spectrum 7 (x 2, y 3)")
        .hasMessageContaining("lies outside");
  }

  @Test
  void aMissingIbdSaysWhereItShouldBe() throws IOException {
    Path file = copy("Example_Processed");
    Files.delete(temp.resolve("Example_Processed.ibd"));
    assertThatThrownBy(() -> open(file, Map.of()).schema()).hasMessageContaining("No .ibd beside " + file)
        .hasMessageContaining("Example_Processed.ibd");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "IMS:1000080|IMS:1000999|has no IMS:1000080|",
      "MS:1000576|MS:1002312|does not decode|(line 153) spectrum 0",
      "name=\"position y\" value=\"1\"|name=\"position y\" value=\"one\"|position y 'one', not an integer|(line 153) spectrum 0",
      "IMS:1000102\" name=\"external offset\" value=\"16\"|IMS:1000999\" name=\"external offset\" value=\"16\"|has no external offset|(line 153) spectrum 0"})
  void aBrokenXmlIsAnErrorNamingTheFileAndWhere(String edit) throws IOException {
    String[] parts = edit.split("\\|");
    Path file = copy("Example_Processed");
    String xml = Files.readString(file, StandardCharsets.ISO_8859_1);
    assertThat(xml).contains(parts[0]);
    Files.writeString(file, xml.replaceFirst(java.util.regex.Pattern.quote(parts[0]), parts[1]),
        StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> open(file, Map.of()).schema()).hasMessageContaining(file.toString())
        .hasMessageContaining(parts.length > 3 ? parts[3] : "").hasMessageContaining(parts[2]);
  }

  @Test
  void aBadMzRangeSaysWhatToWrite() {
    assertThatThrownBy(() -> ReadOptions.parse(FORMAT, List.of("x.imzML"), Map.of("mzRange", "500:400"), Map.of()))
        .hasMessageContaining("Invalid value '500:400' for option mzRange").hasMessageContaining("low:high");
  }

  @Test
  void aChangedIbdRebuildsTheIndexInAutoAndIsRefusedInRequire() throws IOException {
    Path file = copy("Example_Processed");
    List<String> before = read(store, open(file, Map.of()), List.of()).rows;
    Path ibd = temp.resolve("Example_Processed.ibd");
    Files.setLastModifiedTime(ibd, java.nio.file.attribute.FileTime.fromMillis(
        Files.getLastModifiedTime(ibd).toMillis() + 60_000));
    assertThatThrownBy(() -> open(file, Map.of("index", "require")).schema())
        .hasMessageContaining("Stale index").hasMessageContaining(ibd.toString())
        .hasMessageContaining("index=require");
    assertThat(read(store, open(file, Map.of()), List.of()).rows).isEqualTo(before);
    open(file, Map.of("index", "require")).schema();
  }
}
