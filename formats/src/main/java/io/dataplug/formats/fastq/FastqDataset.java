package io.dataplug.formats.fastq;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.text.TextFilesDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** A read of FASTQ files: the schema from the options, counts and plans from the indexes. */
final class FastqDataset extends TextFilesDataset {

  FastqDataset(BlobStore store, ReadOptions options) {
    super(store, options, new FastqFormat());
  }

  /** The columns of the schema, in order. */
  List<FastqColumn> columns() {
    List<FastqColumn> columns = new ArrayList<>(List.of(FastqColumn.NAME, FastqColumn.DESCRIPTION,
        FastqColumn.SEQUENCE, FastqColumn.QUALITY));
    if (options.get(CommonOptions.INCLUDE_SOURCE_FILE)) {
      columns.add(FastqColumn.SOURCE_FILE);
    }
    if (options.get(FastqFormat.INCLUDE_ORDINAL)) {
      columns.add(FastqColumn.ORDINAL);
    }
    return columns;
  }

  @Override
  public Schema schema() {
    List<Field> fields = new ArrayList<>();
    for (FastqColumn column : columns()) {
      fields.add(column.arrowField());
    }
    return new Schema(fields);
  }

  /** Ordinals come from an index, so with the ordinal column every file is indexed. */
  @Override
  protected boolean requiresIndex() {
    return options.get(FastqFormat.INCLUDE_ORDINAL);
  }

  @Override
  protected FastqReaderFactory readers(ScanRequest request) {
    List<FastqColumn> columns = new ArrayList<>();
    for (String name : request.columns()) {
      columns.add(FastqColumn.byName(name));
    }
    return new FastqReaderFactory(columns, options.get(CommonOptions.BATCH_SIZE));
  }

  @Override
  public String describe(ScanRequest request) {
    return "FastqScan[paths=" + String.join(", ", options.paths()) + ", " + options.splitDescription()
        + ", index=" + options.get(CommonOptions.INDEX).name().toLowerCase(Locale.ROOT)
        + (request.limit() >= 0 ? ", limit=" + request.limit() : "") + "]";
  }
}
