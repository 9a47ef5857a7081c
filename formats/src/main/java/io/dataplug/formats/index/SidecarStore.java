package io.dataplug.formats.index;

import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobIdentity;
import io.dataplug.formats.storage.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of one kind of sidecar index, the same for every kind: where it lives ({@code .NAME.dpidx} beside the
 * file, {@code .NAME.KIND.dpidx} for further kinds, or mirrored under an {@code indexLocation}), binding to the
 * identity of the file it describes, the {@link IndexMode}s, atomic publish and concurrent builders.
 *
 * <ul>
 *   <li>A stale (other identity), corrupt or unsuitable index is rebuilt with a warning in {@code auto} and is an
 *       error in {@code require}.
 *   <li>When another builder published first, its index is read back and used if it describes these bytes;
 *       otherwise ours replaces it.
 * </ul>
 *
 * @param <I> the index type
 */
public final class SidecarStore<I> {
  private static final Logger LOG = LoggerFactory.getLogger(SidecarStore.class);
  public static final String SUFFIX = ".dpidx";

  /** What the store needs to know of one index kind. */
  public interface Kind<I> {
    /** The kind's name, in the sidecar's name unless {@link #legacyName()}; and in messages. */
    String name();

    /** Whether this kind's sidecar is the historical {@code .NAME.dpidx} (one per format that had it first). */
    default boolean legacyName() {
      return false;
    }

    /** Reads an index; a corrupt or foreign one is an {@link IndexFormatException}. */
    I read(Blob indexBlob) throws IOException;

    BlobIdentity identity(I index);

    /** Why this index does not suit this read (another span, say), or null when it does. */
    default String unsuitable(I index) {
      return null;
    }
  }

  /** A freshly built index, not yet published. */
  public interface Built<I> {
    /** Writes it; returns the index as written (positions filled in where the layout has them). */
    I writeTo(OutputStream out) throws IOException;
  }

  /** Builds an index of a data file. */
  @FunctionalInterface
  public interface Builder<I> {
    Built<I> build(Blob data) throws IOException;
  }

  private final BlobStore store;
  private final String indexLocation;
  private final IndexMode mode;
  private final Kind<I> kind;

  public SidecarStore(BlobStore store, String indexLocation, IndexMode mode, Kind<I> kind) {
    this.store = store;
    this.indexLocation = indexLocation == null || indexLocation.isBlank() ? null : stripSlash(indexLocation);
    this.mode = mode;
    this.kind = kind;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** Where this kind's index of {@code dataUri} lives. */
  public String indexUriFor(String dataUri) {
    return indexUriFor(dataUri, indexLocation, kind.legacyName() ? null : kind.name());
  }

  /**
   * Where an index of {@code dataUri} lives: beside it, or under {@code indexLocation} mirroring the file's
   * qualified URI (scheme, authority, path), so that files of different buckets or hosts never share an index.
   *
   * @param kindName null for the historical name {@code .NAME.dpidx}, else {@code .NAME.KIND.dpidx}
   */
  public static String indexUriFor(String dataUri, String indexLocation, String kindName) {
    indexLocation = indexLocation == null || indexLocation.isBlank() ? null : stripSlash(indexLocation);
    int slash = dataUri.lastIndexOf('/');
    String parent = slash < 0 ? "" : dataUri.substring(0, slash + 1);
    String name = "." + dataUri.substring(slash + 1) + (kindName == null ? "" : "." + kindName) + SUFFIX;
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

  /** Whether a name is a sidecar index (listings skip them). */
  public static boolean isIndexName(String name) {
    return name.endsWith(SUFFIX);
  }

  /**
   * The file's index when a valid one exists (one built with other parameters describes the bytes as well); never
   * builds. In {@code require} mode a stale or corrupt index is an error; otherwise it is reported and not used.
   * {@code rebuild} mode ignores existing indexes.
   */
  public I loadIfValid(Blob data) throws IOException {
    String indexUri = indexUriFor(data.uri());
    if (mode == IndexMode.REBUILD || !store.exists(indexUri)) {
      return null;
    }
    try {
      return validate(data, indexUri);
    } catch (IndexFormatException e) {
      if (mode == IndexMode.REQUIRE) {
        throw requireError(e);
      }
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
        String indexUri = indexUriFor(data.uri());
        if (!store.exists(indexUri)) {
          return true;
        }
        try {
          return kind.unsuitable(validate(data, indexUri)) != null;
        } catch (IndexFormatException e) {
          return true;
        }
    }
  }

  /** The file's index, built and published first when the mode says so. */
  public I loadOrBuild(Blob data, Builder<I> builder) throws IOException {
    String indexUri = indexUriFor(data.uri());
    boolean exists = store.exists(indexUri);
    if (exists && mode != IndexMode.REBUILD) {
      try {
        I index = validate(data, indexUri);
        String why = kind.unsuitable(index);
        if (why == null || mode == IndexMode.REQUIRE) {
          return index;
        }
        LOG.info("Rebuilding {}: {}", indexUri, why);
      } catch (IndexFormatException e) {
        if (mode == IndexMode.REQUIRE) {
          throw requireError(e);
        }
        LOG.warn("{}; rebuilding it (index=auto)", e.getMessage());
      }
    } else if (!exists && mode == IndexMode.REQUIRE) {
      throw new FileNotFoundException("No " + kind.name() + " index for " + data.uri() + " at " + indexUri
          + " and index=require: build it first (bin/dataplug index " + data.uri() + ") or use index=auto");
    }
    Built<I> built = builder.build(data);
    I published = publish(data, indexUri, built, exists || mode == IndexMode.REBUILD);
    if (published == null) {
      // Another builder published first and its index does not describe these bytes: ours replaces it.
      published = publish(data, indexUri, built, true);
    }
    return published;
  }

  private IndexFormatException requireError(IndexFormatException e) {
    return new IndexFormatException(e.getMessage() + "; index=require does not rebuild it: rebuild it (index=rebuild,"
        + " or bin/dataplug index --index rebuild) or use index=auto", e);
  }

  /** Publishes atomically; after a lost race, the winner's index if it is valid for these bytes, else null. */
  private I publish(Blob data, String indexUri, Built<I> built, boolean overwrite) throws IOException {
    Object[] written = new Object[1];
    boolean won;
    try {
      won = store.writeAtomically(indexUri, overwrite, out -> written[0] = built.writeTo(out));
    } catch (IOException e) {
      throw new IOException("Could not write the index of " + data.uri() + " to " + indexUri + " (" + e.getMessage()
          + "): give a writable location with the indexLocation option", e);
    }
    if (won) {
      @SuppressWarnings("unchecked")
      I index = (I) written[0];
      return index;
    }
    try {
      I theirs = validate(data, indexUri);
      LOG.info("{} was published by another builder while this one built it; using that one", indexUri);
      return theirs;
    } catch (IndexFormatException e) {
      LOG.warn("{} was published by another builder but does not describe {} ({}); replacing it", indexUri,
          data.uri(), e.getMessage());
      return null;
    }
  }

  private I validate(Blob data, String indexUri) throws IOException {
    I index;
    try (Blob indexBlob = store.open(indexUri)) {
      index = kind.read(indexBlob);
    } catch (java.io.EOFException | RuntimeException e) {
      throw new IndexFormatException("Corrupt " + kind.name() + " index " + indexUri + ": " + e.getMessage(), e);
    }
    BlobIdentity identity = kind.identity(index);
    if (!identity.equals(data.identity())) {
      throw new IndexFormatException("Stale index " + indexUri + ": it was built for " + data.uri() + " with "
          + identity + ", but the file now has " + data.identity() + " (the file changed after indexing,"
          + " or the index belongs to another file)");
    }
    return index;
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT) + " indexes, " + mode.name().toLowerCase(Locale.ROOT)
        + (indexLocation == null ? "" : " under " + indexLocation);
  }
}
