package io.dataplug.formats.las.laz;

/** Little-endian field access to LAS records in byte arrays, and LASzip's byte arithmetic (mydefs.hpp). */
final class Bytes {
  private Bytes() {
  }

  static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  static int i32(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | b[at + 3] << 24;
  }

  static long i64(byte[] b, int at) {
    return (i32(b, at) & 0xFFFFFFFFL) | (long) i32(b, at + 4) << 32;
  }

  static void put16(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
  }

  static void put32(byte[] b, int at, int v) {
    b[at] = (byte) v;
    b[at + 1] = (byte) (v >>> 8);
    b[at + 2] = (byte) (v >>> 16);
    b[at + 3] = (byte) (v >>> 24);
  }

  static void put64(byte[] b, int at, long v) {
    put32(b, at, (int) v);
    put32(b, at + 4, (int) (v >>> 32));
  }

  /** U8_FOLD: a sum of two bytes back into 0..255. */
  static int fold(int n) {
    return n < 0 ? n + 256 : n > 255 ? n - 256 : n;
  }

  /** U8_CLAMP. */
  static int clamp(int n) {
    return n <= 0 ? 0 : Math.min(n, 255);
  }
}
