package io.dataplug.hadoop;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.OptionSpec;
import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.gzip.Bgzf;
import io.dataplug.formats.gzip.InflateEngines;
import io.dataplug.formats.gzip.interop.InteropIndex;
import io.dataplug.formats.gzip.interop.InteropIndexes;
import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.index.IndexMode;
import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.plan.FileSlice;
import io.dataplug.formats.plan.SlicePlanner;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.HadoopBlobStore;
import io.dataplug.formats.text.LineIndexes;
import io.dataplug.formats.text.ResyncLineSplit;
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
   * The lines split {@code [start, end)} owns: with this project's index, those that start from the first checkpoint
   * at or after its start up to the first at or after its end (at the line starts the index records); with a
   * gztool or GZIDX index, or in a BGZF file, those found by resync between the points or blocks at those places
   * ({@link ResyncLineSplit}); null when it owns none.
   */
  private InputStream ownedLines(Configuration conf, InputStream seekableIn, Decompressor decompressor, long start,
      long end) throws IOException {
    String path = CurrentFile.path(start, end);
    if (path == null) {
      return start == 0 ? wholeFile(seekableIn, decompressor) : null;
    }
    HadoopBlobStore store = new HadoopBlobStore(conf);
    String indexLocation = raw(conf, INDEX_LOCATION);
    IndexSetting mode = IndexSetting.of(raw(conf, INDEX));
    long span = setting(conf, CHECKPOINT_SPAN, CommonOptions.CHECKPOINT_SPAN);
    SidecarIndexes indexes = LineIndexes.sidecars(store, indexLocation,
        mode == IndexSetting.REQUIRE ? IndexMode.REQUIRE : IndexMode.AUTO, span);
    FileIndex index;
    try (Blob blob = store.open(path)) {
      index = indexes.loadIfValid(blob);
      if (index == null) {
        InteropIndex foreign = InteropIndexes.find(store, blob, indexLocation);
        if (foreign != null) {
          return foreignIndexLines(store, blob.uri(), foreign, start, end);
        }
        if (isBgzf(blob)) {
          return bgzfLines(store, blob.uri(), start, end);
        }
        if (mode == IndexSetting.REQUIRE) {
          throw new java.io.FileNotFoundException("No index for " + path + " and " + INDEX + "=require: build one"
              + " (bin/dataplug index --format text " + path + "), or set " + INDEX + " to off or auto");
        }
        if (mode == IndexSetting.AUTO) {
          index = indexes.loadOrBuild(blob);
        }
      }
    }
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
    FileSlice slice = SlicePlanner.slice(index, path, indexes.indexUriFor(path), usable.get(first), last < 0 ? -1 : usable.get(last));
    InflaterEngine inflater = setting(conf, INFLATER, CommonOptions.INFLATER);
    InflateEngines.requireUsable(inflater);
    return new OwnedLines(new SliceInput(store, slice, inflater));
  }

  /** The {@value #INDEX} setting. */
  private enum IndexSetting {
    OFF, AUTO, REQUIRE;

    static IndexSetting of(String value) {
      String mode = java.util.Objects.requireNonNullElse(value, "off").trim().toLowerCase(Locale.ROOT);
      return switch (mode) {
        case "off" -> OFF;
        case "auto" -> AUTO;
        case "require" -> REQUIRE;
        default -> throw new IllegalArgumentException("Invalid value '" + mode + "' for " + INDEX
            + ": use off (an index when present), auto (build a missing one) or require");
      };
    }
  }

  /** Between the points of a gztool or GZIDX index at or after the split's start and end. */
  private static InputStream foreignIndexLines(HadoopBlobStore store, String path, InteropIndex foreign, long start,
      long end) throws IOException {
    Blob data = store.open(path);
    Blob indexBlob = null;
    try {
      indexBlob = store.open(foreign.uri());
      ResyncLineSplit lines = ResyncLineSplit.ofForeignIndex(data, indexBlob, foreign, start, end);
      if (lines == null) {
        indexBlob.close();
        data.close();
        return null;
      }
      return new OwnedLines(lines, data, indexBlob);
    } catch (IOException | RuntimeException e) {
      closeQuietly(indexBlob, e);
      closeQuietly(data, e);
      throw e;
    }
  }

  /** From the first BGZF block at or after the split's start to the first at or after its end. */
  private static InputStream bgzfLines(HadoopBlobStore store, String path, long start, long end) throws IOException {
    Blob data = store.open(path);
    try {
      ResyncLineSplit lines = ResyncLineSplit.ofBgzfBlocks(data, start, end);
      if (lines == null) {
        data.close();
        return null;
      }
      return new OwnedLines(lines, data);
    } catch (IOException | RuntimeException e) {
      closeQuietly(data, e);
      throw e;
    }
  }

  private static boolean isBgzf(Blob blob) throws IOException {
    byte[] magic = new byte[(int) Math.min(blob.length(), 4)];
    blob.readFully(0, magic, 0, magic.length);
    // A BGZF block is a gzip member with extra fields (FLG.FEXTRA, RFC 1952 section 2.3.1): others need no more bytes.
    if (magic.length < 4 || (magic[0] & 0xFF) != 0x1f || (magic[1] & 0xFF) != 0x8b || (magic[3] & 4) == 0) {
      return false;
    }
    byte[] head = new byte[(int) Math.min(blob.length(), 1 << 18)];
    blob.readFully(0, head, 0, head.length);
    return Bgzf.isBgzf(head, blob.length());
  }

  private static void closeQuietly(AutoCloseable resource, Throwable failure) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
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
