package io.dataplug.formats.storage;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Any Hadoop file system: local {@code file:}, HDFS, {@code s3a:} and the rest. */
public final class HadoopBlobStore implements BlobStore {
  /** Names the settings of a configuration that one read gave (see {@link #withReadSettings}), comma-separated. */
  static final String READ_SETTINGS = "dataplug.read.settings";
  /**
   * Whether readers fetch their next ranges in the background with Hadoop's vectored reads where the Hadoop on the
   * class path has them (default true); named after Parquet's {@code parquet.hadoop.vectored.io.enabled}.
   */
  public static final String VECTORED_IO = "dataplug.hadoop.vectored.io.enabled";

  private final Configuration conf;
  private final Map<String, String> readSettings = new TreeMap<>();
  private final boolean vectored;

  public HadoopBlobStore(Configuration conf) {
    this.conf = conf;
    this.vectored = conf.getBoolean(VECTORED_IO, true) && VectoredReads.available();
    for (String name : conf.getTrimmedStringCollection(READ_SETTINGS)) {
      readSettings.put(name, conf.get(name, ""));
    }
  }

  /**
   * {@code base} plus settings that one read gave (its {@code fs.*} options). A store made from the result reaches
   * storage through file system instances made with exactly these settings, never through an instance that Hadoop
   * cached for the same bucket with other settings.
   */
  public static Configuration withReadSettings(Configuration base, Map<String, String> settings) {
    Configuration conf = new Configuration(base);
    for (Map.Entry<String, String> e : settings.entrySet()) {
      conf.set(e.getKey(), e.getValue());
    }
    if (!settings.isEmpty()) {
      conf.set(READ_SETTINGS, String.join(",", new TreeMap<>(settings).keySet()));
    }
    return conf;
  }

  /** Whether the Hadoop on the class path has vectored reads (3.3.5 and later), which readers then read ahead with. */
  public static boolean hasVectoredReads() {
    return VectoredReads.available();
  }

  private FileSystem fileSystem(Path path) throws IOException {
    FileSystem fs = readSettings.isEmpty() ? path.getFileSystem(conf)
        : ReadFileSystems.get(path.toUri(), conf, readSettings);
    // Hadoop's local file system writes and checks .crc side files; the index carries its own checksums.
    return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
  }

  /** Says what to configure when storage refuses access; the original message never holds a secret. */
  static IOException explainDenied(String uri, java.nio.file.AccessDeniedException e) {
    return new IOException(uri + ": access denied (" + e.getMessage() + "). Check the credentials (for S3A:"
        + " fs.s3a.access.key and fs.s3a.secret.key, or fs.s3a.aws.credentials.provider) and the permissions on"
        + " the bucket; for an index location you may not write to, set the indexLocation option", e);
  }

  @Override
  public Blob open(String uri) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = fileSystem(path);
    FileStatus status;
    try {
      status = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("No such file: " + uri);
    } catch (java.nio.file.AccessDeniedException e) {
      throw explainDenied(uri, e);
    }
    if (status.isDirectory()) {
      throw new IOException(uri + " is a directory, not a file");
    }
    return new HadoopBlob(uri, fs.open(path), identityOf(status), vectored);
  }

  /** Object stores give an ETag (S3A does): the content's identity. File systems give a modification time. */
  static BlobIdentity identityOf(FileStatus status) {
    if (status instanceof EtagSource source && source.getEtag() != null && !source.getEtag().isEmpty()) {
      return new BlobIdentity(status.getLen(), "etag:" + source.getEtag());
    }
    return new BlobIdentity(status.getLen(), "mtime:" + status.getModificationTime());
  }

  @Override
  public boolean exists(String uri) throws IOException {
    Path path = new Path(uri);
    return fileSystem(path).exists(path);
  }

  @Override
  public List<String> list(String uriOrGlob, boolean recursive) throws IOException {
    Path path = new Path(uriOrGlob);
    FileSystem fs = fileSystem(path);
    FileStatus[] matches;
    try {
      matches = fs.globStatus(path);
    } catch (java.nio.file.AccessDeniedException e) {
      throw explainDenied(uriOrGlob, e);
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("NoSuchBucket")) {
        FileNotFoundException missing = new FileNotFoundException(uriOrGlob + ": the bucket does not exist. Check the"
            + " bucket name, and the endpoint (fs.s3a.endpoint) and region (fs.s3a.endpoint.region) it is looked up at");
        missing.initCause(e);
        throw missing;
      }
      throw e;
    }
    if (matches == null || matches.length == 0) {
      throw new FileNotFoundException("Path does not exist: " + uriOrGlob);
    }
    List<String> out = new ArrayList<>();
    for (FileStatus match : matches) {
      if (match.isFile()) {
        if (!BlobStore.isHidden(match.getPath().getName()) || matches.length == 1) {
          out.add(match.getPath().toString());
        }
      } else if (recursive) {
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(match.getPath(), true);
        while (files.hasNext()) {
          LocatedFileStatus file = files.next();
          if (!hasHiddenPart(match.getPath(), file.getPath())) {
            out.add(file.getPath().toString());
          }
        }
      } else {
        for (FileStatus file : fs.listStatus(match.getPath())) {
          if (file.isFile() && !BlobStore.isHidden(file.getPath().getName())) {
            out.add(file.getPath().toString());
          }
        }
      }
    }
    out.sort(null);
    return out;
  }

  @Override
  public List<String> listTree(String uri) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = fileSystem(path);
    List<String> out = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> files;
    try {
      files = fs.listFiles(path, true);
    } catch (FileNotFoundException e) {
      return out;
    }
    while (files.hasNext()) {
      out.add(files.next().getPath().toString());
    }
    out.sort(null);
    return out;
  }

  private static boolean hasHiddenPart(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      if (BlobStore.isHidden(p.getName())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean writeAtomically(String uri, boolean overwrite, ContentWriter writer) throws IOException {
    Path target = new Path(uri);
    FileSystem fs = fileSystem(target);
    Path temp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
    try {
      try (OutputStream out = fs.create(temp, false)) {
        writer.write(out);
      } catch (java.nio.file.AccessDeniedException e) {
        throw explainDenied(uri, e);
      }
      if (overwrite) {
        fs.delete(target, false);
      } else if (fs.exists(target)) {
        return false;
      }
      try {
        if (!fs.rename(temp, target)) {
          if (fs.exists(target) && !overwrite) {
            return false;
          }
          throw new IOException("Could not rename " + temp + " to " + target);
        }
      } catch (FileAlreadyExistsException e) {
        return false;
      }
      return true;
    } finally {
      if (fs.exists(temp)) {
        fs.delete(temp, false);
      }
    }
  }

  @Override
  public boolean delete(String uri) throws IOException {
    Path path = new Path(uri);
    return fileSystem(path).delete(path, false);
  }

  private static final class HadoopBlob extends AbstractBlob {
    private final FSDataInputStream in;
    private final boolean vectored;

    HadoopBlob(String uri, FSDataInputStream in, BlobIdentity identity, boolean vectored) {
      super(uri, identity);
      this.in = in;
      this.vectored = vectored;
    }

    @Override
    public boolean readsInBackground() {
      return vectored;
    }

    @Override
    public CompletableFuture<ByteBuffer> readAsync(long position, int len) {
      if (!vectored) {
        return super.readAsync(position, len);
      }
      try {
        requireWithin(position, len);
        CompletableFuture<ByteBuffer> data = VectoredReads.read(in, position, len);
        stats().record(len);
        return data;
      } catch (IOException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    @Override
    public void readFully(long position, byte[] buffer, int offset, int len) throws IOException {
      requireWithin(position, len);
      in.readFully(position, buffer, offset, len);
      stats().record(len);
    }

    private void requireWithin(long position, int len) throws EOFException {
      if (position + len > identity().length()) {
        throw new EOFException(uri() + ": read of " + len + " bytes at " + position + " passes the end ("
            + identity().length() + " bytes)");
      }
    }

    @Override
    void release() throws IOException {
      in.close();
    }
  }
}
