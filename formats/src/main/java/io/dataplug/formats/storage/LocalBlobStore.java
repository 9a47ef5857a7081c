package io.dataplug.formats.storage;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** Local files through java.nio, for use without Hadoop. Accepts plain paths and {@code file:} URIs. */
public final class LocalBlobStore implements BlobStore {

  static Path toPath(String uri) {
    return uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
  }

  @Override
  public Blob open(String uri) throws IOException {
    Path path = toPath(uri);
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
      BlobIdentity identity = new BlobIdentity(attributes.size(), "mtime:" + attributes.lastModifiedTime().toMillis());
      return new LocalBlob(uri, channel, identity);
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException("No such file: " + uri);
    }
  }

  @Override
  public boolean exists(String uri) {
    return Files.exists(toPath(uri));
  }

  @Override
  public List<String> list(String uriOrGlob, boolean recursive) throws IOException {
    Path path = toPath(uriOrGlob);
    List<String> out = new ArrayList<>();
    if (Files.isRegularFile(path)) {
      out.add(uriOrGlob);
      return out;
    }
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = recursive ? Files.walk(path) : Files.list(path)) {
        files.filter(Files::isRegularFile)
            .filter(p -> !BlobStore.isHidden(p.getFileName().toString()))
            .filter(p -> path.relativize(p).toString().chars().noneMatch(c -> c == '/') || recursive)
            .filter(p -> noHiddenParent(path, p))
            .map(Path::toString)
            .sorted()
            .forEach(out::add);
      }
      return out;
    }
    Path parent = path.getParent() == null ? Path.of(".") : path.getParent();
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + path.getFileName());
    if (Files.isDirectory(parent)) {
      try (Stream<Path> files = Files.list(parent)) {
        files.filter(Files::isRegularFile)
            .filter(p -> !BlobStore.isHidden(p.getFileName().toString()))
            .filter(p -> matcher.matches(p.getFileName()))
            .map(Path::toString)
            .sorted()
            .forEach(out::add);
      }
    }
    if (out.isEmpty()) {
      throw new FileNotFoundException("Path does not exist: " + uriOrGlob);
    }
    return out;
  }

  @Override
  public List<String> listTree(String uri) throws IOException {
    Path path = toPath(uri);
    List<String> out = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.walk(path)) {
        files.filter(Files::isRegularFile).map(Path::toString).sorted().forEach(out::add);
      }
    }
    return out;
  }

  private static boolean noHiddenParent(Path root, Path file) {
    for (Path part : root.relativize(file)) {
      if (BlobStore.isHidden(part.toString())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean writeAtomically(String uri, boolean overwrite, ContentWriter writer) throws IOException {
    Path target = toPath(uri);
    Path temp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
    // Hadoop file systems create missing parents too: an indexLocation mirrors the data's folders below it.
    Files.createDirectories(target.getParent());
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        writer.write(out);
      }
      try {
        if (overwrite) {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
          // createLink fails if the target exists, so two writers cannot both win.
          Files.createLink(target, temp);
        }
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (AtomicMoveNotSupportedException | UnsupportedOperationException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return true;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public boolean delete(String uri) throws IOException {
    return Files.deleteIfExists(toPath(uri));
  }

  private static final class LocalBlob extends AbstractBlob {
    private final FileChannel channel;

    LocalBlob(String uri, FileChannel channel, BlobIdentity identity) {
      super(uri, identity);
      this.channel = channel;
    }

    @Override
    public void readFully(long position, byte[] buffer, int offset, int len) throws IOException {
      readFully(position, ByteBuffer.wrap(buffer, offset, len));
    }

    @Override
    public void readFully(long position, ByteBuffer target) throws IOException {
      int len = target.remaining();
      long at = position;
      while (target.hasRemaining()) {
        int n = channel.read(target, at);
        if (n < 0) {
          throw new EOFException(uri() + ": unexpected end of file at byte " + at + " (wanted " + len
              + " bytes from " + position + ")");
        }
        at += n;
      }
      stats().record(len);
    }

    @Override
    void release() throws IOException {
      channel.close();
    }
  }
}
