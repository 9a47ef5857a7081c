package io.dataplug.formats.las;

import io.dataplug.formats.index.IndexFormatException;
import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, validates, builds and writes LiDAR sidecar indexes ({@code .NAME.dpidx} beside the file, or mirrored under
 * {@code indexLocation}), with the same auto / require / rebuild modes as the gzip indexes.
 */
public final class LidarIndexes {
  private static final Logger LOG = LoggerFactory.getLogger(LidarIndexes.class);

  private final BlobStore store;
  private final String indexLocation;
  private final SidecarIndexes.Mode mode;
  private final LidarIndexBuilder builder;
  private final int blockPoints;
  private final boolean blockPointsGiven;

  public LidarIndexes(BlobStore store, String indexLocation, SidecarIndexes.Mode mode, int blockPoints,
      boolean blockPointsGiven) {
    this.store = store;
    this.indexLocation = indexLocation;
    this.mode = mode;
    this.blockPoints = blockPoints;
    this.blockPointsGiven = blockPointsGiven;
    this.builder = new LidarIndexBuilder(blockPoints, LidarIndex.DEFAULT_GRID);
  }

  public String indexUriFor(String dataUri) {
    return SidecarIndexes.indexUriFor(dataUri, indexLocation);
  }

  /** The file's index if a valid one exists, else null; never builds. */
  public LidarIndex loadIfValid(Blob data) throws IOException {
    String indexUri = indexUriFor(data.uri());
    if (mode == SidecarIndexes.Mode.REBUILD || !store.exists(indexUri)) {
      return null;
    }
    try {
      return validate(data, indexUri);
    } catch (IndexFormatException e) {
      if (mode == SidecarIndexes.Mode.REQUIRE) {
        throw e;
      }
      LOG.warn("{}; ignoring it", e.getMessage());
      return null;
    }
  }

  /** The file's index, built (and written) first when it is missing, stale or corrupt and the mode allows. */
  public LidarIndex loadOrBuild(Blob data, LasFileInfo info) throws IOException {
    String indexUri = indexUriFor(data.uri());
    boolean exists = store.exists(indexUri);
    if (exists && mode != SidecarIndexes.Mode.REBUILD) {
      try {
        LidarIndex index = validate(data, indexUri);
        if (!blockPointsGiven || index.blockPoints() == 0 || index.blockPoints() == blockPoints
            || mode == SidecarIndexes.Mode.REQUIRE) {
          return index;
        }
        LOG.info("Rebuilding {}: it has blocks of {} points, blockPoints asks for {}", indexUri, index.blockPoints(),
            blockPoints);
      } catch (IndexFormatException e) {
        if (mode == SidecarIndexes.Mode.REQUIRE) {
          throw e;
        }
        LOG.warn("{}; rebuilding it (index=auto)", e.getMessage());
      }
    } else if (!exists && mode == SidecarIndexes.Mode.REQUIRE) {
      throw new FileNotFoundException("No index for " + data.uri() + " at " + indexUri
          + " and index=require: build it first (bin/dataplug index " + data.uri() + ") or use index=auto");
    }
    LidarIndex index = builder.build(data, info);
    try {
      store.writeAtomically(indexUri, true, index::writeTo);
    } catch (IOException e) {
      throw new IOException("Could not write the index of " + data.uri() + " to " + indexUri + " (" + e.getMessage()
          + "): give a writable location with the indexLocation option", e);
    }
    return index;
  }

  private LidarIndex validate(Blob data, String indexUri) throws IOException {
    LidarIndex index;
    try (Blob indexBlob = store.open(indexUri)) {
      index = LidarIndex.read(indexBlob);
    }
    if (!index.identity().equals(data.identity())) {
      throw new IndexFormatException("Stale index " + indexUri + ": it was built for " + data.uri() + " with "
          + index.identity() + ", but the file now has " + data.identity() + " (the file changed after indexing,"
          + " or the index belongs to another file)");
    }
    return index;
  }
}
