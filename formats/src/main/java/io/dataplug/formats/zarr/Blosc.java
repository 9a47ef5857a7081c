package io.dataplug.formats.zarr;

import com.github.luben.zstd.Zstd;
import io.dataplug.formats.codec.Inflating;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Decodes a Blosc 1 chunk (numcodecs {@code blosc}), written from c-blosc's {@code README_CHUNK_FORMAT.rst} and
 * {@code blosc.c} (no maintained Java library reads Blosc): a 16-byte header, block starts, then blocks, each
 * optionally split by byte position and compressed by blosclz, lz4, zlib or zstd, then byte- or bit-unshuffled.
 */
final class Blosc {
  private static final int HEADER = 16;
  private static final int MEMCPYED = 0x02;
  private static final int BYTE_SHUFFLE = 0x01;
  private static final int BIT_SHUFFLE = 0x04;
  private static final int DONT_SPLIT = 0x10;
  private static final String[] CODECS = {"blosclz", "lz4", "snappy", "zlib", "zstd"};
  private static final LZ4SafeDecompressor LZ4 = LZ4Factory.fastestInstance().safeDecompressor();

  private Blosc() {}

  /**
   * Checks a chunk's 16-byte header against the bytes there are (c-blosc trusts it) and returns its uncompressed
   * size.
   */
  static int header(byte[] in, int inLength, String where) throws ZarrFormatException {
    if (inLength < HEADER) {
      throw corrupt(where, "only " + inLength + " bytes, less than the 16-byte Blosc header");
    }
    int version = in[0] & 0xff;
    int typesize = in[3] & 0xff;
    int nbytes = i32(in, 4);
    int cbytes = i32(in, 12);
    if (version < 1 || version > 4 || nbytes < 0 || cbytes < HEADER || cbytes > inLength || typesize == 0) {
      throw corrupt(where, "header version " + version + ", typesize " + typesize + ", nbytes " + nbytes
          + ", cbytes " + cbytes + " in " + inLength + " bytes");
    }
    return nbytes;
  }

  /** The chunk's uncompressed bytes; {@code where} names the chunk in errors. */
  static byte[] decode(byte[] in, int inLength, String where) throws ZarrFormatException {
    int nbytes = header(in, inLength, where);
    int version = in[0] & 0xff;
    int flags = in[2] & 0xff;
    int typesize = in[3] & 0xff;
    int blocksize = i32(in, 8);
    int cbytes = i32(in, 12);
    byte[] out = new byte[nbytes];
    if ((flags & MEMCPYED) != 0) {
      if (HEADER + nbytes > cbytes) {
        throw corrupt(where, "a stored chunk of " + nbytes + " bytes in " + cbytes);
      }
      System.arraycopy(in, HEADER, out, 0, nbytes);
      return out;
    }
    if (nbytes == 0) {
      return out;
    }
    if (blocksize <= 0) {
      throw corrupt(where, "block size " + blocksize);
    }
    int codec = flags >>> 5;
    if (codec >= CODECS.length || codec == 2) {
      throw new ZarrFormatException(where + ": Blosc inner codec " + (codec < CODECS.length ? CODECS[codec] : codec)
          + " is not supported (blosclz, lz4, lz4hc, zlib and zstd are)");
    }
    int blocks = (int) ((nbytes + (long) blocksize - 1) / blocksize);
    int leftover = nbytes % blocksize;
    if (HEADER + 4L * blocks > cbytes) {
      throw corrupt(where, blocks + " block starts do not fit " + cbytes + " bytes");
    }
    byte[] block = new byte[blocksize];
    for (int b = 0; b < blocks; b++) {
      boolean last = b == blocks - 1 && leftover > 0;
      int bsize = last ? leftover : blocksize;
      boolean split = (flags & DONT_SPLIT) == 0 && typesize <= 16 && blocksize / typesize >= 128 && !last;
      int splits = split ? typesize : 1;
      int splitSize = bsize / splits;
      int pos = i32(in, HEADER + 4 * b);
      for (int s = 0; s < splits; s++) {
        if (pos < 0 || pos + 4 > cbytes) {
          throw corrupt(where, "block " + b + " starts at " + pos + ", outside its " + cbytes + " bytes");
        }
        int csize = i32(in, pos);
        pos += 4;
        if (csize < 0 || pos + csize > cbytes) {
          throw corrupt(where, "block " + b + " split " + s + " of " + csize + " bytes at " + pos + " passes its "
              + cbytes + " bytes");
        }
        int at = s * splitSize;
        if (csize == splitSize) {
          System.arraycopy(in, pos, block, at, csize);
        } else {
          int n = decompress(codec, in, pos, csize, block, at, splitSize, where + " block " + b);
          if (n != splitSize) {
            throw corrupt(where, "block " + b + " split " + s + " decodes to " + n + " bytes, not " + splitSize);
          }
        }
        pos += csize;
      }
      int dest = b * blocksize;
      if ((flags & BYTE_SHUFFLE) != 0 && typesize > 1) {
        Shuffle.unshuffle(block, 0, bsize, typesize, out, dest);
      } else if ((flags & BIT_SHUFFLE) != 0) {
        bitUnshuffle(block, bsize, typesize, out, dest, version);
      } else {
        System.arraycopy(block, 0, out, dest, bsize);
      }
    }
    return out;
  }

  private static int decompress(int codec, byte[] in, int from, int length, byte[] out, int at, int size, String where)
      throws ZarrFormatException {
    try {
      return switch (codec) {
        case 0 -> blosclz(in, from, length, out, at, size, where);
        case 1 -> LZ4.decompress(in, from, length, out, at, size);
        case 3 -> inflate(in, from, length, out, at, size);
        default -> {
          long n = Zstd.decompressByteArray(out, at, size, in, from, length);
          if (Zstd.isError(n)) {
            throw corrupt(where, "zstd: " + Zstd.getErrorName(n));
          }
          yield (int) n;
        }
      };
    } catch (LZ4Exception | DataFormatException e) {
      throw corrupt(where, CODECS[codec] + ": " + e.getMessage());
    }
  }

  private static int inflate(byte[] in, int from, int length, byte[] out, int at, int size) throws DataFormatException {
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(in, from, length);
      return Inflating.inflate(inflater, out, at, size);
    } finally {
      inflater.end();
    }
  }

  /**
   * c-blosc's own LZ77 format (blosclz.c): a control byte below 32 starts a literal run of ctrl + 1 bytes; above, a
   * match of (ctrl >> 5) + 2 bytes (7 and up extended by bytes up to the first that is not 255) at distance
   * ((ctrl & 31) << 8) + next byte + 1, or past 8191 by a big-endian u16 more.
   */
  static int blosclz(byte[] in, int from, int length, byte[] out, int at, int size, String where)
      throws ZarrFormatException {
    int ip = from;
    int end = from + length;
    int op = at;
    int limit = at + size;
    int ctrl = in[ip++] & 31;
    while (true) {
      if (ctrl >= 32) {
        int len = (ctrl >>> 5) - 1;
        int offset = (ctrl & 31) << 8;
        if (len == 6) {
          int code;
          do {
            if (ip >= end) {
              throw corrupt(where, "blosclz: a match length runs past the input");
            }
            code = in[ip++] & 0xff;
            len += code;
          } while (code == 255);
        }
        if (ip >= end) {
          throw corrupt(where, "blosclz: a match distance runs past the input");
        }
        int code = in[ip++] & 0xff;
        len += 3;
        int distance = offset + code + 1;
        if (code == 255 && offset == 31 << 8) {
          if (ip + 2 > end) {
            throw corrupt(where, "blosclz: a far match distance runs past the input");
          }
          distance = ((in[ip] & 0xff) << 8 | (in[ip + 1] & 0xff)) + 8191 + 1;
          ip += 2;
        }
        int ref = op - distance;
        if (ref < at || op + len > limit) {
          throw corrupt(where, "blosclz: a match at output " + (op - at) + " reaches outside the block");
        }
        for (int i = 0; i < len; i++) {
          out[op + i] = out[ref + i];
        }
        op += len;
      } else {
        int len = ctrl + 1;
        if (ip + len > end || op + len > limit) {
          throw corrupt(where, "blosclz: a literal run passes the end of the input or the block");
        }
        System.arraycopy(in, ip, out, op, len);
        ip += len;
        op += len;
      }
      if (ip >= end) {
        break;
      }
      ctrl = in[ip++] & 0xff;
    }
    return op - at;
  }

  /**
   * Undoes bitshuffle's transpose (c-blosc shuffle.c, bitshuffle-generic.c): the block holds 8 * typesize rows of
   * n / 8 bytes, and bit b of byte j of element i sits in row j * 8 + b, byte i / 8, bit i % 8. Header version 2
   * copies a block whose element count is not a multiple of 8; later versions transpose the first multiple of 8 and
   * copy the rest.
   */
  static void bitUnshuffle(byte[] in, int bsize, int typesize, byte[] out, int dest, int version) {
    int n = bsize / typesize;
    if (version <= 2 && n % 8 != 0) {
      System.arraycopy(in, 0, out, dest, bsize);
      return;
    }
    int elements = n & ~7;
    int rowBytes = elements / 8;
    java.util.Arrays.fill(out, dest, dest + elements * typesize, (byte) 0);
    for (int j = 0; j < typesize; j++) {
      for (int b = 0; b < 8; b++) {
        int row = (j * 8 + b) * rowBytes;
        for (int i = 0; i < elements; i++) {
          int bit = (in[row + (i >>> 3)] >>> (i & 7)) & 1;
          out[dest + i * typesize + j] |= (byte) (bit << b);
        }
      }
    }
    int done = elements * typesize;
    System.arraycopy(in, done, out, dest + done, bsize - done);
  }

  private static int i32(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
  }

  private static ZarrFormatException corrupt(String where, String what) {
    return new ZarrFormatException(where + ": corrupt Blosc chunk (" + what + ")");
  }
}
