package io.dataplug.formats.zarr;

/** Byte shuffle (Blosc's and numcodecs' {@code shuffle} filter): byte j of every element is stored together. */
final class Shuffle {
  private Shuffle() {}

  /**
   * Undoes the shuffle of {@code length} bytes of {@code elementSize}-byte elements: out[i * size + j] =
   * in[j * n + i]; bytes after the last whole element are copied as they are.
   */
  static void unshuffle(byte[] in, int from, int length, int elementSize, byte[] out, int dest) {
    int n = length / elementSize;
    // The common sizes unrolled: each output element written whole from its bytes' rows.
    if (elementSize == 4) {
      for (int i = 0, o = dest; i < n; i++, o += 4) {
        out[o] = in[from + i];
        out[o + 1] = in[from + n + i];
        out[o + 2] = in[from + 2 * n + i];
        out[o + 3] = in[from + 3 * n + i];
      }
      System.arraycopy(in, from + 4 * n, out, dest + 4 * n, length - 4 * n);
      return;
    }
    if (elementSize == 8) {
      for (int i = 0, o = dest; i < n; i++, o += 8) {
        for (int j = 0; j < 8; j++) {
          out[o + j] = in[from + j * n + i];
        }
      }
      System.arraycopy(in, from + 8 * n, out, dest + 8 * n, length - 8 * n);
      return;
    }
    for (int j = 0; j < elementSize; j++) {
      int row = from + j * n;
      for (int i = 0; i < n; i++) {
        out[dest + i * elementSize + j] = in[row + i];
      }
    }
    int done = n * elementSize;
    System.arraycopy(in, from + done, out, dest + done, length - done);
  }
}
