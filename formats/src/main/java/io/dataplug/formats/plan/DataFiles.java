package io.dataplug.formats.plan;

import io.dataplug.formats.index.SidecarStore;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** The one listing of data files every format plans from. */
public final class DataFiles {
  private DataFiles() {}

  /**
   * The data files the paths name, in order, without duplicates: files, directories and globs expanded; hidden
   * files and index files skipped; with a glob filter on the file name when one is given.
   */
  public static List<String> list(BlobStore store, List<String> paths, String pathGlobFilter, boolean recursive)
      throws IOException {
    PathMatcher filter = pathGlobFilter == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + pathGlobFilter);
    LinkedHashSet<String> files = new LinkedHashSet<>();
    for (String path : paths) {
      for (String file : store.list(path, recursive)) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        if (SidecarStore.isIndexName(name)) {
          continue;
        }
        if (filter == null || filter.matches(Path.of(name))) {
          files.add(file);
        }
      }
    }
    return new ArrayList<>(files);
  }
}
