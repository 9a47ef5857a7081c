package io.dataplug.formats.vcf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.FormatReads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed VCF lines: strict names the file and the line; lenient and silent skip and count them. */
class VcfBadInputTest {
  private static final String HEADER = """
      ##fileformat=VCFv4.2
      ##INFO=<ID=DP,Number=1,Type=Integer,Description="depth">
      ##INFO=<ID=AC,Number=A,Type=Integer,Description="allele count">
      ##FORMAT=<ID=GT,Number=1,Type=String,Description="genotype">
      ##FORMAT=<ID=AD,Number=R,Type=Integer,Description="allele depths">
      #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\tS2
      """;
  private static final String GOOD = "1\t100\t.\tA\tC\t30\tPASS\tDP=5;AC=1\tGT:AD\t0/1:3,2\t0|0:5,0\n";

  @TempDir Path temp;
  private final BlobStore store = new LocalBlobStore();

  private FormatReads read(Path file, String stringency) throws IOException {
    DataFormat format = Formats.byShortName("dataplug-vcf");
    FormatDataset dataset = format.open(store, ReadOptions.parse(format, java.util.List.of(file.toString()),
        Map.of("validationStringency", stringency), Map.of()));
    return FormatReads.read(store, dataset.plan(ScanRequest.all(FormatReads.allColumns(dataset))), -1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "wrong column count|1\t101\t.\tA\tC\t30\tPASS\tDP=5\tGT:AD\t0/1:3,2|the line has 10 columns, the header declares 11",
      "unparsable POS|1\tx101\t.\tA\tC\t30\tPASS\tDP=5\tGT:AD\t0/1:3,2\t0/0:1,1|POS 'x101' is not an integer",
      "unparsable INFO number|1\t101\t.\tA\tC\t30\tPASS\tDP=five\tGT:AD\t0/1:3,2\t0/0:1,1|DP 'five' is not an integer",
      "GT allele above the ALT count|1\t101\t.\tA\tC\t30\tPASS\tDP=5\tGT:AD\t0/2:3,2\t0/0:1,1|calls allele 2 but the line has 1 ALT allele",
      "FORMAT count against Number=R|1\t101\t.\tA\tC\t30\tPASS\tDP=5\tGT:AD\t0/1:3\t0/0:1,1|AD has 1 values, its header declares AD(integer, Number=R), which means 2 here",
      "INFO count against Number=A|1\t101\t.\tA\tC\t30\tPASS\tDP=5;AC=1,2\tGT:AD\t0/1:3,2\t0/0:1,1|AC has 2 values",
      "nulls written before the error|1\t101\t.\tA\tC\t.\tPASS\t.\tGT:AD\t.:.\t0/2:.,1|calls allele 2 but the line has 1 ALT"})
  void aMalformedLineIsAnErrorNamingFileAndLineUnlessLenient(String what, String bad, String message)
      throws IOException {
    Path file = temp.resolve("bad.vcf");
    Files.writeString(file, HEADER + GOOD + bad.replace("\\t", "\t") + "\n" + GOOD);
    assertThatThrownBy(() -> read(file, "strict"))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("line 8")
        .hasMessageContaining(message)
        .hasMessageContaining("validationStringency=lenient");
    FormatReads lenient = read(file, "lenient");
    Path good = temp.resolve("good.vcf");
    Files.writeString(good, HEADER + GOOD + GOOD);
    assertThat(lenient.rows).as("the malformed line leaves nothing in the rows around it")
        .isEqualTo(read(good, "strict").rows);
    assertThat(lenient.metrics.get(ReadMetric.MALFORMED_SKIPPED)).isEqualTo(1L);
    assertThat(read(file, "silent").metrics.get(ReadMetric.MALFORMED_SKIPPED)).isEqualTo(1L);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "another format|@read1\\nACGT\\n+\\nIIII\\n|is not a VCF file",
      "header without #CHROM|##fileformat=VCFv4.2\\n##INFO=<ID=DP,Number=1,Type=Integer,Description=d>\\n|without its #CHROM line"})
  void aFileThatIsNotVcfIsAClearError(String what, String content, String message) throws IOException {
    Path file = temp.resolve("not.vcf");
    Files.writeString(file, content.replace("\\n", "\n"));
    assertThatThrownBy(() -> read(file, "strict")).hasMessageContaining(file.toString()).hasMessageContaining(message);
  }
}
