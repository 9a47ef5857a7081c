package io.dataplug.formats.gzip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.storage.LocalBlobStore;
import io.dataplug.formats.testing.FastqGenerator;
import io.dataplug.formats.testing.FormatReads;
import io.dataplug.formats.testing.GzipWriters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Option {@code inflater} on the gzip readers, plain gzip and BGZF: every engine reads the same rows, the plan names
 * the engine, the metrics count the spans libdeflate or ISA-L inflated.
 */
class InflaterOptionTest {
  @TempDir static Path temp;
  private final LocalBlobStore store = new LocalBlobStore();

  private Path file(String format) throws Exception {
    if (format.equals("dataplug-fastq")) {
      return Files.write(temp.resolve("reads.fastq.gz"),
          GzipWriters.singleMember(FastqGenerator.generate(21, 1 << 20, false, 0), 6));
    }
    if (format.equals("dataplug-vcf-bgzf")) {
      return Files.copy(Path.of("../testdata/vcf/chr22.vcf.gz"), temp.resolve("chr22.vcf.gz"));
    }
    byte[] vcf = GzipDecoderTest.gunzip(Path.of("../testdata/vcf/chr22.vcf.gz"));
    return Files.write(temp.resolve("chr22.single-member.vcf.gz"), GzipWriters.singleMember(vcf, 6));
  }

  private FormatDataset open(String format, Path file, String inflater) throws IOException {
    DataFormat dataFormat = Formats.byShortName(format.replace("-bgzf", ""));
    Map<String, String> options = new HashMap<>(Map.of("splitSize", "96k", "checkpointSpan", "32k"));
    if (inflater != null) {
      options.put("inflater", inflater);
    }
    return dataFormat.open(store, ReadOptions.parse(dataFormat, List.of(file.toString()), options, Map.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dataplug-fastq", "dataplug-vcf", "dataplug-vcf-bgzf"})
  void everyEngineReadsTheSameRowsAndThePlanNamesIt(String format) throws Exception {
    Path file = file(format);
    List<String> reference = null;
    for (String engine : new String[] {"jdk", "java", "libdeflate", "isal", null}) {
      FormatDataset dataset = open(format, file, engine);
      ScanRequest all = new ScanRequest(FormatReads.allColumns(dataset), List.of(), -1);
      FormatReads read = FormatReads.read(store, dataset.plan(all), -1);
      List<String> rows = read.rows;
      long spans = read.metrics.getOrDefault(ReadMetric.LIBDEFLATE_SPANS, 0L);
      if (engine == null || engine.equals("libdeflate") || engine.equals("isal")) {
        assertThat(spans).as("spans inflated whole, inflater %s", engine).isGreaterThan(3);
      } else {
        assertThat(spans).as("spans inflated whole, inflater %s", engine).isZero();
      }
      assertThat(dataset.plan(all).partitions()).as("partitions").hasSizeGreaterThan(3);
      if (reference == null) {
        reference = rows;
        assertThat(rows).isNotEmpty();
      } else {
        assertThat(rows).as("inflater %s", engine).isEqualTo(reference);
      }
      assertThat(dataset.describe(all)).contains(engine == null ? "inflater=auto (isal here)" : "inflater=" + engine);
    }
    assertThatThrownBy(() -> open(format, file, "zlib"))
        .hasMessageContaining("Invalid value 'zlib' for option inflater").hasMessageContaining("auto, java, jdk, libdeflate or isal");
  }
}
