package io.dataplug.formats.las;

import io.dataplug.formats.index.IndexMode;
import io.dataplug.formats.index.SidecarStore;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobIdentity;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;

/** LiDAR block indexes ({@code .NAME.dpidx}) in their {@link SidecarStore}, with the modes every index kind has. */
public final class LidarIndexes {
  private final SidecarStore<LidarIndex> sidecars;
  private final LidarIndexBuilder builder;

  public LidarIndexes(BlobStore store, String indexLocation, IndexMode mode, int blockPoints,
      boolean blockPointsGiven) {
    this.builder = new LidarIndexBuilder(blockPoints, LidarIndex.DEFAULT_GRID);
    this.sidecars = new SidecarStore<>(store, indexLocation, mode, new SidecarStore.Kind<>() {
      @Override
      public String name() {
        return "LiDAR";
      }

      @Override
      public boolean legacyName() {
        return true;
      }

      @Override
      public LidarIndex read(Blob indexBlob) throws IOException {
        return LidarIndex.read(indexBlob);
      }

      @Override
      public BlobIdentity identity(LidarIndex index) {
        return index.identity();
      }

      @Override
      public String unsuitable(LidarIndex index) {
        return blockPointsGiven && index.blockPoints() != 0 && index.blockPoints() != blockPoints
            ? "it has blocks of " + index.blockPoints() + " points, blockPoints asks for " + blockPoints : null;
      }
    });
  }

  public String indexUriFor(String dataUri) {
    return sidecars.indexUriFor(dataUri);
  }

  /** The file's index if a valid one exists, else null; never builds. */
  public LidarIndex loadIfValid(Blob data) throws IOException {
    return sidecars.loadIfValid(data);
  }

  /** The file's index, built (and published) first when it is missing, stale or corrupt and the mode allows. */
  public LidarIndex loadOrBuild(Blob data, LasFileInfo info) throws IOException {
    return sidecars.loadOrBuild(data, blob -> {
      LidarIndex index = builder.build(blob, info);
      return out -> {
        index.writeTo(out);
        return index;
      };
    });
  }
}
