package io.dataplug.formats.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/** Opens, lists and writes blobs by URI. Implementations: {@link LocalBlobStore}, {@link HadoopBlobStore}. */
public interface BlobStore {

  /** Opens a blob; a missing one is a {@link java.io.FileNotFoundException} naming the URI. */
  Blob open(String uri) throws IOException;

  boolean exists(String uri) throws IOException;

  /** Expands a file, a directory or a glob into data files, sorted; hidden names ('.' or '_') are skipped. */
  List<String> list(String uriOrGlob, boolean recursive) throws IOException;

  /**
   * Every file below the folder {@code uri}, hidden ones included (a Zarr store's metadata keys start with a dot),
   * sorted; empty when there is no such folder.
   */
  List<String> listTree(String uri) throws IOException;

  /**
   * Writes a blob so that readers see either nothing or all of it: the content goes to a temporary name beside
   * the target, then is renamed. Returns false when {@code overwrite} is false and another writer got there first.
   */
  boolean writeAtomically(String uri, boolean overwrite, ContentWriter writer) throws IOException;

  boolean delete(String uri) throws IOException;

  /** Produces a blob's content. */
  @FunctionalInterface
  interface ContentWriter {
    void write(OutputStream out) throws IOException;
  }

  /** Blobs opened by this JVM's stores and not closed yet: a leak check for tests and long-running services. */
  static long openBlobs() {
    return AbstractBlob.openCount();
  }

  /** Blobs this JVM's stores opened so far, closed or not: tests count what an operation opens. */
  static long blobsOpenedSoFar() {
    return AbstractBlob.everOpened();
  }

  /** Bytes and requests this JVM's blobs read so far: tests count what an operation reads. */
  static ReadStats readsSoFar() {
    return AbstractBlob.everyRead();
  }

  /** A file name that Spark's file listing and this project's listing skip. */
  static boolean isHidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }
}
