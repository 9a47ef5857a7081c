package io.dataplug.formats.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of bundled test data. */
public final class TestFiles {
  private TestFiles() {}

  /** Copies a file, or a folder with everything below it (a Zarr store), to {@code target}; returns the target. */
  public static Path copy(Path source, Path target) throws IOException {
    if (!Files.isDirectory(source)) {
      return Files.copy(source, target);
    }
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : files.toList()) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return target;
  }
}
