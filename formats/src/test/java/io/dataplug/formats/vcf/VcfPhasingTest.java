package io.dataplug.formats.vcf;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GT as VCF 4.4 section 1.6.2 writes it: '/' unphased, '|' phased, and an optional leading phasing character
 * (explicit for the first allele, the only one of a haploid call). A call is phased when every separator is '|'.
 */
class VcfPhasingTest {
  @TempDir Path temp;

  @ParameterizedTest(name = "{0}")
  @CsvSource({"0|1, true, '[0, 1]'", "0/1, false, '[0, 1]'", "|0|1, true, '[0, 1]'", "/0|1, false, '[0, 1]'",
      "|0/1, false, '[0, 1]'", "1, false, '[1]'", "|1, true, '[1]'", "./., false, '[-1, -1]'", "., false, '[-1]'",
      "0|1|2, true, '[0, 1, 2]'"})
  void phasingAndCalls(String gt, boolean phased, String calls) throws IOException {
    Path file = temp.resolve("v44.vcf");
    Files.writeString(file, """
        ##fileformat=VCFv4.4
        ##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">
        #CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1
        1\t10\t.\tA\tC,G\t.\t.\t.\tGT\t""" + gt + "\n");
    DataFormat format = Formats.byShortName("dataplug-vcf");
    FormatDataset dataset = format.open(new LocalBlobStore(), ReadOptions.parse(format, List.of(file.toString()),
        Map.of("includeSampleIds", "false"), Map.of()));
    List<String> rows = FormatReads.read(new LocalBlobStore(),
        dataset.plan(ScanRequest.all(List.of("genotypes"))), -1).rows;
    String expected = "[{phased=" + phased + ", calls=" + calls.replaceAll("(-?\\d)", "$1.0") + "}]|";
    assertThat(rows).containsExactly(expected);
  }
}
