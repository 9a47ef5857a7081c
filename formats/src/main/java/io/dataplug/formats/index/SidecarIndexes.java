package io.dataplug.formats.index;

import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, validates, builds and writes sidecar indexes. An index lives beside its file as {@code .NAME.dpidx} (a
 * leading dot, so Spark's and this project's listings skip it), or under an {@code indexLocation} prefix that
 * mirrors the file's URI, for read-only data locations.
 */
public final class SidecarIndexes {
  private static final Logger LOG = LoggerFactory.getLogger(SidecarIndexes.class);
  public static final String SUFFIX = ".dpidx";

  /** What to do about missing and stale indexes. */
  public enum Mode {
    /** Build an index when it is missing; rebuild it, with a warning, when the file changed. */
    AUTO,
    /** A missing or stale index is an error. */
    REQUIRE,
    /** Always build a new index. */
    REBUILD;

    public static Mode parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid value '" + value + "' for option index: use auto, require or rebuild");
      }
    }
  }

  private final BlobStore store;
  private final String indexLocation;
  private final Mode mode;
  private final long span;
  private final boolean spanExplicit;
  private final String format;
  private final Function<String, RecordScanner> scanners;
  private final IndexBuilder.Progress progress;

  /**
   * @param indexLocation a URI prefix for indexes, or null to keep them beside the files
   * @param span checkpoint span for new indexes
   * @param spanExplicit whether the user chose the span; then, in auto mode, an index with another span is rebuilt
   * @param scanners a record scanner for a file URI
   */
  public SidecarIndexes(BlobStore store, String indexLocation, Mode mode, long span, boolean spanExplicit,
      String format, Function<String, RecordScanner> scanners, IndexBuilder.Progress progress) {
    this.store = store;
    this.indexLocation = indexLocation == null || indexLocation.isBlank() ? null : stripSlash(indexLocation);
    this.mode = mode;
    this.span = span;
    this.spanExplicit = spanExplicit;
    this.format = format;
    this.scanners = scanners;
    this.progress = progress;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  public Mode mode() {
    return mode;
  }

  /**
   * The data files the paths name, in order, without duplicates: files, directories and globs expanded; hidden
   * files and index files skipped; with a glob filter on the file name when one is given.
   */
  public static List<String> listDataFiles(BlobStore store, List<String> paths, String pathGlobFilter,
      boolean recursive) throws IOException {
    PathMatcher filter = pathGlobFilter == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + pathGlobFilter);
    LinkedHashSet<String> files = new LinkedHashSet<>();
    for (String path : paths) {
      for (String file : store.list(path, recursive)) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        if (name.endsWith(SUFFIX)) {
          continue;
        }
        if (filter == null || filter.matches(Path.of(name))) {
          files.add(file);
        }
      }
    }
    return new ArrayList<>(files);
  }

  /** Where the index of {@code dataUri} lives. */
  public String indexUriFor(String dataUri) {
    return indexUriFor(dataUri, indexLocation);
  }

  /** Where the index of {@code dataUri} lives: beside it, or mirrored under {@code indexLocation} when one is given. */
  public static String indexUriFor(String dataUri, String indexLocation) {
    indexLocation = indexLocation == null || indexLocation.isBlank() ? null : stripSlash(indexLocation);
    int slash = dataUri.lastIndexOf('/');
    String parent = slash < 0 ? "" : dataUri.substring(0, slash + 1);
    String name = "." + dataUri.substring(slash + 1) + SUFFIX;
    if (indexLocation == null) {
      return parent + name;
    }
    String path = parent;
    int scheme = path.indexOf("://");
    String mirrored;
    if (scheme > 0) {
      mirrored = path.substring(0, scheme) + "/" + path.substring(scheme + 3);
    } else if (path.startsWith("file:")) {
      mirrored = "file/" + path.substring(5);
    } else {
      mirrored = "file/" + path;
    }
    mirrored = mirrored.replaceAll("/+", "/");
    if (mirrored.startsWith("/")) {
      mirrored = mirrored.substring(1);
    }
    return indexLocation + "/" + mirrored + name;
  }

  /** The file's index if a valid one exists, else null; never builds. Stale or corrupt ones are reported, not used. */
  public FileIndex loadIfValid(Blob data) throws IOException {
    String indexUri = indexUriFor(data.uri());
    if (!store.exists(indexUri)) {
      return null;
    }
    try {
      return validate(data, indexUri);
    } catch (IndexFormatException e) {
      LOG.warn("{}; ignoring it", e.getMessage());
      return null;
    }
  }

  /** Whether {@link #loadOrBuild} would build (or rebuild) this file's index now. */
  public boolean needsBuild(Blob data) throws IOException {
    switch (mode) {
      case REBUILD:
        return true;
      case REQUIRE:
        return false;
      default:
        FileIndex index = loadIfValid(data);
        return index == null || (spanExplicit && index.span() != span);
    }
  }

  /** The file's index, built (and written) first when the mode says so. */
  public FileIndex loadOrBuild(Blob data) throws IOException {
    String indexUri = indexUriFor(data.uri());
    boolean exists = mode != Mode.REBUILD && store.exists(indexUri);
    if (exists) {
      try {
        FileIndex index = validate(data, indexUri);
        if (!spanExplicit || index.span() == span || mode == Mode.REQUIRE) {
          return index;
        }
        LOG.info("Rebuilding {}: it has checkpoint span {}, checkpointSpan asks for {}", indexUri, index.span(), span);
      } catch (IndexFormatException e) {
        if (mode == Mode.REQUIRE) {
          throw e;
        }
        LOG.warn("{}; rebuilding it (index=auto)", e.getMessage());
      }
    } else if (mode == Mode.REQUIRE) {
      throw new FileNotFoundException("No index for " + data.uri() + " at " + indexUri
          + " and index=require: build it first (bin/dataplug index " + data.uri() + ") or use index=auto");
    }
    return build(data, indexUri, exists || mode == Mode.REBUILD);
  }

  private FileIndex validate(Blob data, String indexUri) throws IOException {
    FileIndex index;
    try (Blob indexBlob = store.open(indexUri)) {
      index = FileIndex.read(indexBlob);
    }
    if (!index.format().equals(format)) {
      throw new IndexFormatException("Index " + indexUri + " is a " + index.format() + " index, not " + format);
    }
    if (!index.identity().equals(data.identity())) {
      throw new IndexFormatException("Stale index " + indexUri + ": it was built for " + data.uri() + " with "
          + index.identity() + ", but the file now has " + data.identity() + " (the file changed after indexing,"
          + " or the index belongs to another file)");
    }
    return index;
  }

  private FileIndex build(Blob data, String indexUri, boolean overwrite) throws IOException {
    IndexBuilder.Built built = new IndexBuilder(format, span, progress).build(data, scanners.apply(data.uri()));
    FileIndex[] written = new FileIndex[1];
    boolean won;
    try {
      won = store.writeAtomically(indexUri, overwrite, out -> written[0] = built.writeTo(out));
    } catch (IOException e) {
      throw new IOException("Could not write the index of " + data.uri() + " to " + indexUri + " (" + e.getMessage()
          + "): give a writable location with the indexLocation option", e);
    }
    if (!won) {
      // Another job wrote the same index first; theirs describes the same bytes.
      return validate(data, indexUri);
    }
    return written[0];
  }
}
