package io.dataplug.formats.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

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

  /**
   * Reads exactly {@code target.remaining()} bytes at {@code position} into {@code target}, or throws
   * {@link java.io.EOFException}. A local file reads straight into a direct buffer; by default the bytes go through
   * a Java array.
   */
  default void readFully(long position, ByteBuffer target) throws IOException {
    int len = target.remaining();
    if (target.hasArray()) {
      readFully(position, target.array(), target.arrayOffset() + target.position(), len);
      target.position(target.limit());
      return;
    }
    byte[] bytes = new byte[len];
    readFully(position, bytes, 0, len);
    target.put(bytes);
  }

  /**
   * Whether {@link #readAsync} reads in the background (a Hadoop file system with vectored reads), so that asking for
   * the next ranges before they are needed overlaps their transfer with decoding.
   */
  default boolean readsInBackground() {
    return false;
  }

  /**
   * Starts reading {@code len} bytes at {@code position}; the future fails with {@link java.io.EOFException} past the
   * end. Without {@link #readsInBackground} the bytes are read before this returns.
   */
  default CompletableFuture<ByteBuffer> readAsync(long position, int len) {
    byte[] bytes = new byte[len];
    try {
      readFully(position, bytes, 0, len);
      return CompletableFuture.completedFuture(ByteBuffer.wrap(bytes));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Bytes and requests served so far, for metrics. */
  ReadStats stats();
}
