package io.dataplug.formats.gzip;

import java.io.IOException;

/** A gzip member header (RFC 1952 section 2.3), with the BGZF block size when the member carries one. */
record GzipHeader(long start, int length, int bgzfBlockSize) {

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  /** Bytes of a header as a decoder sees them. */
  interface ByteInput {
    /** The next byte, or -1 at the end. */
    int read() throws IOException;

    long position();
  }

  boolean isBgzf() {
    return bgzfBlockSize > 0;
  }

  static ByteInput of(ByteSource source) {
    return new ByteInput() {
      @Override
      public int read() throws IOException {
        return source.read();
      }

      @Override
      public long position() {
        return source.position();
      }
    };
  }

  /**
   * Parses a header. Returns null at a clean end of input (no byte, or only zero padding); throws when the bytes
   * are not a gzip header.
   */
  static GzipHeader read(ByteInput in, String uri) throws IOException {
    long start = in.position();
    int id1 = in.read();
    if (id1 < 0) {
      return null;
    }
    if (id1 == 0 && onlyZerosFollow(in)) {
      return null;
    }
    int id2 = in.read();
    if (id1 != 0x1f || id2 != 0x8b) {
      throw new GzipFormatException(uri, start, start == 0
          ? "not a gzip file (no gzip magic bytes 1f 8b)"
          : "trailing data after the last gzip member is not another gzip member");
    }
    int method = in.read();
    int flags = in.read();
    if (method != 8) {
      throw new GzipFormatException(uri, start, "unsupported gzip compression method " + method);
    }
    if (flags < 0 || (flags & 0xE0) != 0) {
      throw new GzipFormatException(uri, start, "invalid gzip header flags " + flags);
    }
    for (int i = 0; i < 6; i++) {
      requireByte(in, uri, start);
    }
    int length = 10;
    int bgzfBlockSize = -1;
    if ((flags & FEXTRA) != 0) {
      int extraLength = requireByte(in, uri, start) | requireByte(in, uri, start) << 8;
      length += 2 + extraLength;
      int seen = 0;
      while (seen + 4 <= extraLength) {
        int si1 = requireByte(in, uri, start);
        int si2 = requireByte(in, uri, start);
        int subLength = requireByte(in, uri, start) | requireByte(in, uri, start) << 8;
        seen += 4;
        if (si1 == 'B' && si2 == 'C' && subLength == 2 && seen + 2 <= extraLength) {
          bgzfBlockSize = (requireByte(in, uri, start) | requireByte(in, uri, start) << 8) + 1;
          seen += 2;
        } else {
          for (int i = 0; i < subLength && seen < extraLength; i++, seen++) {
            requireByte(in, uri, start);
          }
        }
      }
      while (seen++ < extraLength) {
        requireByte(in, uri, start);
      }
    }
    if ((flags & FNAME) != 0) {
      length += skipZeroTerminated(in, uri, start);
    }
    if ((flags & FCOMMENT) != 0) {
      length += skipZeroTerminated(in, uri, start);
    }
    if ((flags & FHCRC) != 0) {
      requireByte(in, uri, start);
      requireByte(in, uri, start);
      length += 2;
    }
    return new GzipHeader(start, length, bgzfBlockSize);
  }

  private static boolean onlyZerosFollow(ByteInput in) throws IOException {
    int b;
    while ((b = in.read()) == 0) {
      // padding some tools write after the last member
    }
    return b < 0;
  }

  private static int skipZeroTerminated(ByteInput in, String uri, long start) throws IOException {
    int n = 0;
    while (true) {
      n++;
      if (requireByte(in, uri, start) == 0) {
        return n;
      }
    }
  }

  static int requireByte(ByteInput in, String uri, long memberStart) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new GzipFormatException(uri, in.position(), "truncated gzip member (member starts at byte " + memberStart + ")");
    }
    return b;
  }

  /** Reads the 8-byte trailer: CRC32 then ISIZE, both little-endian. */
  static long[] readTrailer(ByteInput in, String uri, long memberStart) throws IOException {
    long crc = 0;
    long size = 0;
    for (int i = 0; i < 4; i++) {
      crc |= (long) requireByte(in, uri, memberStart) << (8 * i);
    }
    for (int i = 0; i < 4; i++) {
      size |= (long) requireByte(in, uri, memberStart) << (8 * i);
    }
    return new long[] {crc, size};
  }
}
