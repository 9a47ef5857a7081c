package io.dataplug.formats.cog;

import io.dataplug.formats.storage.Blob;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bytes of a TIFF's structure (header, IFDs, out-of-line tag values), fetched by ranged reads: a first read of
 * the file's head, which in a COG holds every IFD and tile table, then one read per range it does not cover.
 */
final class TiffBytes {
  static final int HEAD_BYTES = 64 << 10;

  private final Blob blob;
  private final byte[] head;
  private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

  TiffBytes(Blob blob) throws IOException {
    this.blob = blob;
    this.head = new byte[(int) Math.min(HEAD_BYTES, blob.length())];
    blob.readFully(0, head, 0, head.length);
  }

  String uri() {
    return blob.uri();
  }

  long length() {
    return blob.length();
  }

  void order(ByteOrder order) {
    this.order = order;
  }

  ByteOrder order() {
    return order;
  }

  /** {@code length} bytes at {@code offset}, in the file's byte order. */
  ByteBuffer read(long offset, long length, String what) throws IOException {
    if (offset < 0 || length < 0 || offset + length > blob.length()) {
      throw new CogFormatException(blob.uri() + ": " + what + " at bytes [" + offset + ", " + (offset + length)
          + ") lies outside the file (" + blob.length() + " bytes)");
    }
    if (length > Integer.MAX_VALUE - 8) {
      throw new CogFormatException(blob.uri() + ": " + what + " at byte " + offset + " claims " + length + " bytes");
    }
    if (offset + length <= head.length) {
      return ByteBuffer.wrap(head, (int) offset, (int) length).slice().order(order);
    }
    byte[] bytes = new byte[(int) length];
    blob.readFully(offset, bytes, 0, bytes.length);
    return ByteBuffer.wrap(bytes).order(order);
  }
}
