package io.dataplug.formats.vcf;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.codec.DecodedInputStream;
import io.dataplug.formats.codec.DecodedSource;
import io.dataplug.formats.codec.PlainSource;
import io.dataplug.formats.gzip.GzipDecoder;
import io.dataplug.formats.gzip.InflateEngines;
import io.dataplug.formats.index.IndexBuilder;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.text.TextFilesDataset;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A read of VCF files: the schema from the union of their headers, counts and plans from the indexes. */
final class VcfDataset extends TextFilesDataset {
  private static final Logger LOG = LoggerFactory.getLogger(VcfDataset.class);
  /** Records looked at per file for INFO and FORMAT keys the header does not declare. */
  private static final int SAMPLED_RECORDS = 1000;

  private Map<String, VcfHeader> headers;
  private VcfSchema schema;
  private Set<String> wantedSamples;

  VcfDataset(BlobStore store, ReadOptions options, VcfFormat format) {
    super(store, options, format);
    String samples = options.get(VcfFormat.SAMPLES);
    if (samples != null) {
      wantedSamples = new LinkedHashSet<>();
      for (String name : samples.split(",")) {
        if (!name.isBlank()) {
          wantedSamples.add(name.trim());
        }
      }
    }
  }

  /** Reads every file's header (and its first records, for undeclared keys) once, and the union schema. */
  private synchronized void readHeaders() throws IOException {
    if (headers != null) {
      return;
    }
    Map<String, VcfHeader> out = new LinkedHashMap<>();
    Map<String, VcfField> undeclaredInfo = new TreeMap<>();
    Map<String, VcfField> undeclaredFormat = new TreeMap<>();
    for (String uri : planner(-1).listFiles()) {
      VcfHeader.Sampled sampled;
      try (Blob blob = store.open(uri); InputStream in = fromStart(blob)) {
        sampled = VcfHeader.readSampled(uri, in, SAMPLED_RECORDS);
      } catch (IOException e) {
        if (options.get(CommonOptions.IGNORE_CORRUPT_FILES) && !(e instanceof java.io.FileNotFoundException)) {
          LOG.warn("Skipping {} (ignoreCorruptFiles=true): {}", uri, e.getMessage());
          continue;
        }
        throw e;
      }
      out.put(uri, sampled.header());
      for (String key : sampled.undeclaredInfo()) {
        undeclaredInfo.putIfAbsent(key, VcfField.undeclared(key));
      }
      for (String key : sampled.undeclaredFormat()) {
        undeclaredFormat.putIfAbsent(key, VcfField.undeclared(key));
      }
    }
    if (!undeclaredInfo.isEmpty() || !undeclaredFormat.isEmpty()) {
      LOG.warn("VCF keys used without a header declaration are read as strings: INFO {}, FORMAT {}",
          undeclaredInfo.keySet(), undeclaredFormat.keySet());
    }
    if (wantedSamples != null) {
      Set<String> missing = new LinkedHashSet<>(wantedSamples);
      out.values().forEach(h -> h.samples().forEach(missing::remove));
      if (!missing.isEmpty()) {
        LOG.warn("Option samples names samples no file has: {}", missing);
      }
    }
    schema = new VcfSchema(List.copyOf(out.values()), undeclaredInfo, undeclaredFormat,
        options.get(VcfFormat.FLATTEN_INFO_FIELDS), options.get(VcfFormat.INCLUDE_SAMPLE_IDS),
        options.get(CommonOptions.INCLUDE_SOURCE_FILE));
    headers = out;
  }

  private static InputStream fromStart(Blob blob) throws IOException {
    DecodedSource source = IndexBuilder.detectCodec(blob).compressed()
        ? GzipDecoder.fromStart(blob, InflateEngines.preferred())
        : new PlainSource(blob, 0, blob.length());
    return new DecodedInputStream(source);
  }

  @Override
  public Schema schema() throws IOException {
    readHeaders();
    return schema.arrow();
  }

  @Override
  protected Slice slice(FileSlice piece) throws IOException {
    readHeaders();
    VcfHeader header = headers.get(piece.dataUri());
    if (header == null) {
      throw new IOException("no header was read for " + piece.dataUri());
    }
    return new VcfSlice(piece, header, keptSamples(header));
  }

  private int[] keptSamples(VcfHeader header) {
    int[] kept = new int[header.samples().size()];
    int n = 0;
    for (int i = 0; i < kept.length; i++) {
      if (wantedSamples == null || wantedSamples.contains(header.samples().get(i))) {
        kept[n++] = i;
      }
    }
    return Arrays.copyOf(kept, n);
  }

  @Override
  protected VcfReaderFactory readers(ScanRequest request) throws IOException {
    readHeaders();
    return new VcfReaderFactory(schema, new ArrayList<>(request.columns()), options.get(CommonOptions.BATCH_SIZE),
        options.get(VcfFormat.VALIDATION_STRINGENCY));
  }

  @Override
  public String describe(ScanRequest request) {
    return "VcfScan[paths=" + String.join(", ", options.paths()) + ", " + options.splitDescription()
        + ", index=" + options.get(CommonOptions.INDEX).name().toLowerCase(Locale.ROOT)
        + ", validationStringency=" + options.get(VcfFormat.VALIDATION_STRINGENCY).name().toLowerCase(Locale.ROOT)
        + (request.columns().contains(VcfSchema.GENOTYPES) ? "" : ", genotypes not parsed")
        + (request.limit() >= 0 ? ", limit=" + request.limit() : "") + "]";
  }
}
