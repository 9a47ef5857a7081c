package io.dataplug.formats.fasta;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.OptionSpec;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.storage.BlobStore;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * FASTA as a format: plain, gzip or BGZF, told apart by content. Rows are pieces of contigs that start at multiples
 * of {@code pieceLength} within each contig, whatever the partitioning, so a chromosome spreads over many tasks and
 * a protein FASTA of short records gives one row each. Random access comes from a {@code .fai} (and a bgzip
 * {@code .gzi} for BGZF) beside the file, or from this project's index (contig table, line layout, checkpoints).
 */
public final class FastaFormat implements DataFormat {
  /** The index kind of FASTA sidecars. */
  public static final String NAME = "fasta";

  public static final String CONTIG_NAME = "contigName";
  public static final String DESCRIPTION = "description";
  public static final String START = "start";
  public static final String END = "end";
  public static final String SEQUENCE = "sequence";
  public static final String SOURCE_FILE = "sourceFile";

  public static final OptionSpec<Integer> PIECE_LENGTH = OptionSpec.integer("pieceLength", 10_000, 1,
      "bases per row: pieces start at multiples of it within each contig");

  private static final List<OptionSpec<?>> OPTIONS = List.of(CommonOptions.SPLIT_SIZE, CommonOptions.PARTITIONS,
      CommonOptions.INDEX, CommonOptions.INDEX_LOCATION, CommonOptions.CHECKPOINT_SPAN, CommonOptions.BATCH_SIZE,
      CommonOptions.PATH_GLOB_FILTER, CommonOptions.RECURSIVE_FILE_LOOKUP, CommonOptions.IGNORE_CORRUPT_FILES,
      CommonOptions.INCLUDE_SOURCE_FILE, CommonOptions.ENABLE_VECTORIZED_READER, PIECE_LENGTH);

  @Override
  public String displayName() {
    return "FASTA";
  }

  @Override
  public List<String> shortNames() {
    return List.of("dataplug-fasta");
  }

  @Override
  public List<OptionSpec<?>> options() {
    return OPTIONS;
  }

  /** A FASTA file starts with '>', also once decompressed (gzip and BGZF). */
  @Override
  public boolean detect(byte[] head, int length) {
    return Formats.decodedStartsWith(head, length, new byte[] {'>'});
  }

  static Schema schema(boolean sourceFile) {
    List<Field> fields = new java.util.ArrayList<>(List.of(
        new Field(CONTIG_NAME, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
        new Field(DESCRIPTION, FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
        new Field(START, FieldType.notNullable(new ArrowType.Int(64, true)), null),
        new Field(END, FieldType.notNullable(new ArrowType.Int(64, true)), null),
        new Field(SEQUENCE, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));
    if (sourceFile) {
      fields.add(new Field(SOURCE_FILE, FieldType.notNullable(ArrowType.Utf8.INSTANCE), null));
    }
    return new Schema(fields);
  }

  @Override
  public FormatDataset open(BlobStore store, ReadOptions options) {
    return new FastaDataset(store, options);
  }
}
