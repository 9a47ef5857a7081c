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
