package io.dataplug.formats.gzip;

/**
 * Lets {@link java.util.zip.Inflater}, which can only start on a byte boundary, resume at a deflate block that
 * starts at any bit. We put in front of the real data an empty, non-final dynamic-Huffman block whose length in
 * bits is congruent to the needed bit residue mod 8: it emits nothing and leaves the preset window untouched, and
 * its last partial byte is merged with the first real byte.
 *
 * <p>The block (RFC 1951 section 3.2.7): HLIT = 257, HDIST = d distance codes, 18 code length codes; code length
 * code lengths 0:1, 1:2, 18:2; the literal/length lengths are 256 zeros (two repeat-zero codes) and a single 1 for
 * end-of-block; the d distance lengths are all 0. Its length is 92 + d bits, so d in 1..8 covers every residue.
 * zlib accepts a code of a single 1-bit symbol and an all-zero distance code.
 */
final class EmptyBlockPrefix {
  private EmptyBlockPrefix() {}

  /**
   * The bytes to feed before real byte {@code firstByte} so that decoding starts at bit {@code residue} of it.
   * The returned array's last byte already holds the real byte's upper bits.
   */
  static byte[] forResidue(int residue, int firstByte) {
    if (residue <= 0 || residue > 7) {
      throw new IllegalArgumentException("residue must be 1..7: " + residue);
    }
    int distanceCodes = Math.floorMod(residue - 92, 8);
    if (distanceCodes == 0) {
      distanceCodes = 8;
    }
    int totalBits = 92 + distanceCodes;
    BitWriter w = new BitWriter((totalBits + 7) / 8);
    w.write(0, 1); // BFINAL = 0
    w.write(2, 2); // BTYPE = dynamic
    w.write(0, 5); // HLIT - 257
    w.write(distanceCodes - 1, 5);
    w.write(18 - 4, 4); // HCLEN - 4
    for (int i = 0; i < 18; i++) {
      int symbol = DeflateBits.CODE_LENGTH_ORDER[i];
      w.write(symbol == 0 ? 1 : symbol == 1 || symbol == 18 ? 2 : 0, 3);
    }
    // Canonical codes: 0 -> "0", 1 -> "10", 18 -> "11"; Huffman codes go most significant bit first.
    w.writeCode(0b11, 2);
    w.write(138 - 11, 7);
    w.writeCode(0b11, 2);
    w.write(118 - 11, 7);
    w.writeCode(0b10, 2); // end-of-block gets length 1
    for (int i = 0; i < distanceCodes; i++) {
      w.writeCode(0, 1);
    }
    w.writeCode(0, 1); // end-of-block
    if (w.bitLength() != totalBits) {
      throw new IllegalStateException("empty block has " + w.bitLength() + " bits, expected " + totalBits);
    }
    byte[] out = w.bytes();
    int last = out.length - 1;
    int low = (1 << residue) - 1;
    out[last] = (byte) ((out[last] & low) | (firstByte & ~low & 0xFF));
    return out;
  }

  private static final class BitWriter {
    private final byte[] bytes;
    private int bitLength;

    BitWriter(int size) {
      bytes = new byte[size];
    }

    void write(int value, int n) {
      for (int i = 0; i < n; i++) {
        if (((value >>> i) & 1) != 0) {
          bytes[bitLength >>> 3] |= (byte) (1 << (bitLength & 7));
        }
        bitLength++;
      }
    }

    void writeCode(int code, int n) {
      for (int i = n - 1; i >= 0; i--) {
        write((code >>> i) & 1, 1);
      }
    }

    int bitLength() {
      return bitLength;
    }

    byte[] bytes() {
      return bytes;
    }
  }
}
