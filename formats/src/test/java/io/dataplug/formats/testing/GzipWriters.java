package io.dataplug.formats.testing;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Writes test data as single-member gzip, multi-member gzip and BGZF, in memory or streaming (for benchmarks). */
public final class GzipWriters {
  private GzipWriters() {}

  public static byte[] singleMember(byte[] data, int level) {
    return write(data, out -> singleMemberStream(out, level));
  }

  /** Concatenated members of {@code memberSize} uncompressed bytes each, like `cat a.gz b.gz`. */
  public static byte[] multiMember(byte[] data, int memberSize, int level) {
    return write(data, out -> multiMemberStream(out, memberSize, level));
  }

  /** BGZF as bgzip writes it (SAM specification section 4.1), with the 28-byte end-of-file block. */
  public static byte[] bgzf(byte[] data) {
    return write(data, GzipWriters::bgzfStream);
  }

  /** One gzip member at {@code level}; closing the returned stream finishes the member and closes {@code out}. */
  public static OutputStream singleMemberStream(OutputStream out, int level) throws IOException {
    return new GZIPOutputStream(out, 1 << 16) {
      {
        def.setLevel(level);
      }
    };
  }

  /** A new gzip member every {@code memberSize} uncompressed bytes, cut wherever that falls. */
  public static OutputStream multiMemberStream(OutputStream out, long memberSize, int level) {
    return new FilterOutputStream(out) {
      private GZIPOutputStream member;
      private long inMember;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
          if (member == null) {
            member = new GZIPOutputStream(new NonClosing(out), 1 << 16) {
              {
                def.setLevel(level);
              }
            };
            inMember = 0;
          }
          int n = (int) Math.min(len, memberSize - inMember);
          member.write(b, off, n);
          off += n;
          len -= n;
          inMember += n;
          if (inMember == memberSize) {
            member.close();
            member = null;
          }
        }
      }

      @Override
      public void close() throws IOException {
        if (member != null) {
          member.close();
          member = null;
        }
        out.close();
      }
    };
  }

  /** BGZF blocks of 65280 uncompressed bytes, as bgzip writes them; closing writes the end-of-file block. */
  public static OutputStream bgzfStream(OutputStream out) {
    return new FilterOutputStream(out) {
      private final byte[] block = new byte[65280];
      private final byte[] compressed = new byte[70000];
      private final Deflater deflater = new Deflater(6, true);
      private int filled;
      private boolean wroteBlock;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
          int n = Math.min(len, block.length - filled);
          System.arraycopy(b, off, block, filled, n);
          filled += n;
          off += n;
          len -= n;
          if (filled == block.length) {
            flushBlock();
          }
        }
      }

      private void flushBlock() throws IOException {
        deflater.reset();
        deflater.setInput(block, 0, filled);
        deflater.finish();
        int n = 0;
        while (!deflater.finished()) {
          n += deflater.deflate(compressed, n, compressed.length - n);
        }
        CRC32 crc = new CRC32();
        crc.update(block, 0, filled);
        writeBgzfBlock(out, compressed, n, crc.getValue(), filled);
        filled = 0;
        wroteBlock = true;
      }

      @Override
      public void close() throws IOException {
        if (filled > 0 || !wroteBlock) {
          flushBlock();
        }
        deflater.end();
        writeBgzfBlock(out, new byte[] {3, 0}, 2, 0, 0);
        out.close();
      }
    };
  }

  private interface Wrapper {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static byte[] write(byte[] data, Wrapper wrapper) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length / 3 + 64);
    try (OutputStream out = wrapper.wrap(bytes)) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeBgzfBlock(OutputStream out, byte[] compressed, int n, long crc, int isize) throws IOException {
    int blockSize = 18 + n + 8;
    byte[] header = {
        0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, (byte) 0xff, 6, 0, 'B', 'C', 2, 0,
        (byte) ((blockSize - 1) & 0xff), (byte) ((blockSize - 1) >>> 8)};
    out.write(header);
    out.write(compressed, 0, n);
    byte[] trailer = {(byte) crc, (byte) (crc >>> 8), (byte) (crc >>> 16), (byte) (crc >>> 24),
        (byte) isize, (byte) (isize >>> 8), (byte) (isize >>> 16), (byte) (isize >>> 24)};
    out.write(trailer);
  }

  /** Lets a member's GZIPOutputStream finish without closing the file underneath. */
  private static final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
