package io.dataplug.formats.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Writes test data as single-member gzip, multi-member gzip and BGZF. */
public final class GzipWriters {
  private GzipWriters() {}

  public static byte[] singleMember(byte[] data, int level) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 64);
    writeMember(out, data, 0, data.length, level);
    return out.toByteArray();
  }

  /** Concatenated members of {@code memberSize} uncompressed bytes each, like `cat a.gz b.gz`. */
  public static byte[] multiMember(byte[] data, int memberSize, int level) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 64);
    for (int from = 0; from < data.length; from += memberSize) {
      writeMember(out, data, from, Math.min(memberSize, data.length - from), level);
    }
    return out.toByteArray();
  }

  private static void writeMember(OutputStream out, byte[] data, int from, int length, int level) {
    try {
      GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16) {
        {
          def.setLevel(level);
        }
      };
      gzip.write(data, from, length);
      gzip.finish();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** BGZF as bgzip writes it (SAM specification section 4.1), with the 28-byte end-of-file block. */
  public static byte[] bgzf(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 64);
    Deflater deflater = new Deflater(6, true);
    byte[] compressed = new byte[70000];
    for (int from = 0; from <= data.length; from += 65280) {
      int length = Math.min(65280, data.length - from);
      if (length == 0 && from > 0) {
        break;
      }
      deflater.reset();
      deflater.setInput(data, from, length);
      deflater.finish();
      int n = 0;
      while (!deflater.finished()) {
        n += deflater.deflate(compressed, n, compressed.length - n);
      }
      CRC32 crc = new CRC32();
      crc.update(data, from, length);
      writeBgzfBlock(out, compressed, n, crc.getValue(), length);
    }
    deflater.end();
    byte[] empty = {3, 0};
    writeBgzfBlock(out, empty, 2, 0, 0);
    return out.toByteArray();
  }

  private static void writeBgzfBlock(ByteArrayOutputStream out, byte[] compressed, int n, long crc, int isize) {
    int blockSize = 18 + n + 8;
    byte[] header = {
        0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, (byte) 0xff, 6, 0, 'B', 'C', 2, 0,
        (byte) ((blockSize - 1) & 0xff), (byte) ((blockSize - 1) >>> 8)};
    out.write(header, 0, header.length);
    out.write(compressed, 0, n);
    writeIntLe(out, (int) crc);
    writeIntLe(out, isize);
  }

  private static void writeIntLe(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }
}
