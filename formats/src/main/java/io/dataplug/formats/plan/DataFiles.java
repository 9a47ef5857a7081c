package io.dataplug.formats.plan;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.index.SidecarStore;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Which data files a read covers, and the one listing of them every format plans from: files, directories and
 * globs expanded; hidden files and index files skipped; a glob filter on the file name when one is given.
 */
public record DataFiles(List<String> paths, String pathGlobFilter, boolean recursiveFileLookup) {

  public DataFiles {
    paths = List.copyOf(paths);
  }

  /** The paths and the listing options of a read. */
  public static DataFiles of(ReadOptions options) {
    return new DataFiles(options.paths(), options.get(CommonOptions.PATH_GLOB_FILTER),
        options.get(CommonOptions.RECURSIVE_FILE_LOOKUP));
  }

  /** Exactly these files or directories, not recursive, unfiltered. */
  public static DataFiles exactly(List<String> paths) {
    return new DataFiles(paths, null, false);
  }

  /** The indexes genomics tools keep beside their data (samtools .fai, bgzip .gzi, tabix .tbi and .csi). */
  static boolean isCompanionIndex(String name) {
    return name.endsWith(".fai") || name.endsWith(".gzi") || name.endsWith(".tbi") || name.endsWith(".csi");
  }

  /** The data files, in order, without duplicates; this project's and other tools' index files are skipped. */
  public List<String> list(BlobStore store) throws IOException {
    PathMatcher filter = pathGlobFilter == null ? null
        : FileSystems.getDefault().getPathMatcher("glob:" + pathGlobFilter);
    LinkedHashSet<String> files = new LinkedHashSet<>();
    for (String path : paths) {
      for (String file : store.list(path, recursiveFileLookup)) {
        String name = file.substring(file.lastIndexOf('/') + 1);
        if (SidecarStore.isIndexName(name) || isCompanionIndex(name)) {
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
