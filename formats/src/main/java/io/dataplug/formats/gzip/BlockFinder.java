package io.dataplug.formats.gzip;

/**
 * Finds places in compressed bytes where a gzip member or a deflate block may start, by their headers alone (the
 * cheap first filter of rapidgzip's block finder, FORMATS.md): a dynamic block whose counts are in range and whose
 * code length code is complete (zlib refuses incomplete ones), a stored block with zero padding and a length that
 * matches its complement, or a gzip member header. Fixed-Huffman blocks are not looked for: almost any bits pass
 * for one. Callers confirm a candidate by decoding from it; the index build also checks that the chunk before
 * ends exactly there.
 */
final class BlockFinder {
  private final byte[] data;
  private final long baseBit;

  /** @param base blob offset of {@code data[0]} */
  BlockFinder(byte[] data, long base) {
    this.data = data;
    this.baseBit = base * 8;
  }

  /** The first candidate bit offset in {@code [fromBit, toBit)}, or -1. */
  long next(long fromBit, long toBit) {
    long limit = Math.min(toBit, baseBit + data.length * 8L);
    for (long p = Math.max(fromBit, baseBit); p < limit; p++) {
      long local = p - baseBit;
      int at = (int) (local >>> 3);
      int shift = (int) (local & 7);
      long v = load(at) >>> shift;
      int type = (int) (v >>> 1) & 3;
      if (type == DeflateBits.DYNAMIC ? dynamicHeader(v, local) : type == DeflateBits.STORED && storedHeader(at, shift)) {
        return p;
      }
      if (shift == 0 && memberHeader(at)) {
        return p;
      }
    }
    return -1;
  }

  /** RFC 1951 section 3.2.7: HLIT up to 29, HDIST up to 29, and a complete code length code. */
  private boolean dynamicHeader(long v, long local) {
    if (((v >>> 3) & 31) > 29 || ((v >>> 8) & 31) > 29) {
      return false;
    }
    int codeLengthCount = (int) ((v >>> 13) & 15) + 4;
    long lengthsFrom = local + 17;
    long lengths = load((int) (lengthsFrom >>> 3)) >>> (lengthsFrom & 7);
    int space = 0;
    for (int i = 0; i < codeLengthCount; i++) {
      int length = (int) (lengths >>> (3 * i)) & 7;
      if (length != 0) {
        space += 1 << (7 - length);
      }
    }
    return space == 1 << 7;
  }

  /** RFC 1951 section 3.2.4: the bits up to the byte boundary are zero (as every encoder writes them), LEN = ~NLEN. */
  private boolean storedHeader(int at, int shift) {
    int headerEnd = shift + 3;
    int lenAt = at + (headerEnd + 7) / 8;
    if (lenAt + 4 > data.length) {
      return false;
    }
    if (headerEnd < 8 && ((data[at] & 0xFF) >>> headerEnd) != 0) {
      return false;
    }
    if (headerEnd > 8 && ((data[at + 1] & 0xFF) >>> (headerEnd - 8)) != 0) {
      return false;
    }
    int len = (data[lenAt] & 0xFF) | (data[lenAt + 1] & 0xFF) << 8;
    int nlen = (data[lenAt + 2] & 0xFF) | (data[lenAt + 3] & 0xFF) << 8;
    return len == (~nlen & 0xFFFF);
  }

  /** RFC 1952 section 2.3: ID1, ID2, CM = 8 (deflate), reserved flag bits clear. */
  private boolean memberHeader(int at) {
    return at + 4 <= data.length && (data[at] & 0xFF) == 0x1f && (data[at + 1] & 0xFF) == 0x8b
        && data[at + 2] == 8 && (data[at + 3] & 0xE0) == 0;
  }

  private long load(int at) {
    if (at + 8 <= data.length) {
      return (long) DeflateBits.LONG_LE.get(data, at);
    }
    long v = 0;
    for (int i = 0; i < 8 && at + i < data.length; i++) {
      v |= (long) (data[at + i] & 0xFF) << (8 * i);
    }
    return v;
  }
}
