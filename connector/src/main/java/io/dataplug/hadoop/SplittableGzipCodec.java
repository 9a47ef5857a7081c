package io.dataplug.hadoop;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.OptionSpec;
import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.gzip.InflateEngines;
import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.index.IndexMode;
import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.plan.SlicePlanner;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.HadoopBlobStore;
import io.dataplug.formats.text.LineIndexes;
import io.dataplug.formats.text.SliceInput;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.io.compress.SplitCompressionInputStream;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;

/**
 * A gzip codec that splits: with a checkpoint index beside a {@code .gz} file (this project's, for any line format
 * or plain text), Spark's text, CSV and JSON readers and Hadoop's {@code LineRecordReader} read each split from its
 * own checkpoint, at line starts the index records. Registered by
 * {@code spark.hadoop.io.compression.codecs=io.dataplug.hadoop.SplittableGzipCodec}; writes are Hadoop's gzip.
 *
 * <p>Settings (Hadoop configuration): {@value #INDEX} = {@code off} (use an index when present), {@code auto} (build
 * a missing one first) or {@code require}; {@value #INDEX_LOCATION}, {@value #INFLATER} and {@value #CHECKPOINT_SPAN}
 * as the readers' options.
 * Without an index, the split at offset 0 reads the whole file and the others nothing.
 */
public class SplittableGzipCodec extends GzipCodec implements SplittableCompressionCodec {
  public static final String INDEX = "dataplug.gzip.index";
  public static final String INDEX_LOCATION = "dataplug.gzip.indexLocation";
  public static final String INFLATER = "dataplug.gzip.inflater";
  public static final String CHECKPOINT_SPAN = "dataplug.gzip.checkpointSpan";

  @Override
  public SplitCompressionInputStream createInputStream(InputStream seekableIn, Decompressor decompressor, long start,
      long end, READ_MODE readMode) throws IOException {
    Configuration conf = getConf() == null ? new Configuration() : getConf();
    return new LineSplitStream(seekableIn, start, end, () -> ownedLines(conf, seekableIn, decompressor, start, end),
        () -> start == 0 ? wholeFile(seekableIn, decompressor) : null);
  }

  /**
   * The lines split {@code [start, end)} owns: those that start from the first checkpoint at or after its start up
   * to the first at or after its end (at the line starts the index records); null when it owns none.
   */
  private InputStream ownedLines(Configuration conf, InputStream seekableIn, Decompressor decompressor, long start,
      long end) throws IOException {
    String path = CurrentFile.path(start, end);
    HadoopBlobStore store = new HadoopBlobStore(conf);
    String indexLocation = raw(conf, INDEX_LOCATION);
    FileIndex index = path == null ? null : index(conf, store, indexLocation, path);
    List<Integer> usable = index == null ? List.of() : SlicePlanner.usableCheckpoints(index);
    if (usable.isEmpty() || index.checkpoints().get(usable.get(0)).recordOffset() != 0) {
      // No index, or no line start recorded at byte 0: the first split reads the whole file, the others nothing.
      return start == 0 ? wholeFile(seekableIn, decompressor) : null;
    }
    int first = start == 0 ? 0 : firstAtOrAfter(index, usable, start);
    int last = firstAtOrAfter(index, usable, end);
    if (first < 0 || first == last) {
      return null;
    }
    String indexUri = SidecarIndexes.indexUriFor(path, indexLocation);
    FileSlice slice = SlicePlanner.slice(index, path, indexUri, usable.get(first), last < 0 ? -1 : usable.get(last));
    InflaterEngine inflater = setting(conf, INFLATER, CommonOptions.INFLATER);
    InflateEngines.requireUsable(inflater);
    return new OwnedLines(new SliceInput(store, slice, inflater));
  }

  private InputStream wholeFile(InputStream seekableIn, Decompressor decompressor) throws IOException {
    return super.createInputStream(seekableIn, decompressor);
  }

  /** Position in {@code usable} of the first usable checkpoint at or after compressed byte {@code offset}, or -1. */
  private static int firstAtOrAfter(FileIndex index, List<Integer> usable, long offset) {
    for (int k = 0; k < usable.size(); k++) {
      if (index.checkpoints().get(usable.get(k)).compressedByteOffset() >= offset) {
        return k;
      }
    }
    return -1;
  }

  /** The file's index under the {@value #INDEX} setting, or null to read without one. */
  private static FileIndex index(Configuration conf, HadoopBlobStore store, String indexLocation, String path)
      throws IOException {
    String mode = java.util.Objects.requireNonNullElse(raw(conf, INDEX), "off").trim().toLowerCase(Locale.ROOT);
    IndexMode indexMode = switch (mode) {
      case "off", "auto" -> IndexMode.AUTO;
      case "require" -> IndexMode.REQUIRE;
      default -> throw new IllegalArgumentException("Invalid value '" + mode + "' for " + INDEX
          + ": use off (an index when present), auto (build a missing one) or require");
    };
    long span = setting(conf, CHECKPOINT_SPAN, CommonOptions.CHECKPOINT_SPAN);
    SidecarIndexes indexes = LineIndexes.sidecars(store, indexLocation, indexMode, span);
    try (Blob blob = store.open(path)) {
      return mode.equals("off") ? indexes.loadIfValid(blob) : indexes.loadOrBuild(blob);
    }
  }

  /**
   * A setting under its name, or lowercased: Spark lowercases the keys of read options when it copies them into the
   * Hadoop configuration ({@code spark.read.option("dataplug.gzip.indexLocation", ...)}).
   */
  private static String raw(Configuration conf, String name) {
    String value = conf.get(name);
    return value != null ? value : conf.get(name.toLowerCase(Locale.ROOT));
  }

  /** A setting parsed as the readers' option of the same meaning (same values, same checks), else its default. */
  private static <T> T setting(Configuration conf, String name, OptionSpec<T> option) {
    String value = raw(conf, name);
    if (value == null) {
      return option.defaultValue();
    }
    try {
      return option.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }
}
