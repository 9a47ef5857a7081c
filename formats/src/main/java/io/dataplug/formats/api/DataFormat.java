package io.dataplug.formats.api;

import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * A file format as a value, engine-neutral: its names, how to recognise it, the options it takes, and how to open a
 * read of some files with it. Everything an engine adapter needs goes through this interface and
 * {@link FormatDataset}; the adapter never names a format. Implementations are stateless and serializable (they
 * travel to executors inside reader factories).
 */
public interface DataFormat extends Serializable {

  /** The name in messages: {@code FASTQ}, {@code LAS/LAZ}, {@code COPC}. */
  String displayName();

  /** Short names users pass to {@code spark.read.format(...)}, the first one canonical. */
  List<String> shortNames();

  /**
   * Whether a file that starts with {@code head} (its first {@link Formats#DETECT_BYTES} bytes or fewer, if the file
   * is shorter) is of this format. Used by the CLI to pick a format and by readers to reject another format early.
   */
  boolean detect(byte[] head, int length);

  /** Every option this format takes, common ones included ({@link CommonOptions}), in documentation order. */
  List<OptionSpec<?>> options();

  /** Checks rules that span several options (called once options are parsed); throws IllegalArgumentException. */
  default void validate(ReadOptions options) {}

  /**
   * Opens a read of the files that {@code options.paths()} name. Should read no data: headers may be read when the
   * schema depends on them (LAS), nothing at all when it does not (FASTQ).
   */
  FormatDataset open(BlobStore store, ReadOptions options) throws IOException;
}
