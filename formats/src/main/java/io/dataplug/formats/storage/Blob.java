package io.dataplug.formats.storage;

import java.io.Closeable;
import java.io.IOException;

/** A file or object that can be read at any position; identity tells whether it changed since it was indexed. */
public interface Blob extends Closeable {

  /** Where the blob lives, for messages and for finding its sidecar index. Never contains credentials. */
  String uri();

  BlobIdentity identity();

  default long length() {
    return identity().length();
  }

  /** Reads exactly {@code len} bytes at {@code position}, or throws {@link java.io.EOFException}. */
  void readFully(long position, byte[] buffer, int offset, int len) throws IOException;

  /** Bytes and requests served so far, for metrics. */
  ReadStats stats();
}
