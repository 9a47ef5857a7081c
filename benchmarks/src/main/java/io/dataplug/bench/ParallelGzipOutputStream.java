package io.dataplug.bench;

import io.dataplug.formats.testing.GzipWriters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Compresses on every core, so that generating the inputs does not dominate a benchmark run (deflate at level 6 runs
 * at about 17 MB/s per core here). Multi-member and BGZF chunks are independent. A single member is compressed the
 * way pigz does it: each 1 MiB chunk is deflated with the previous 32 KiB as its dictionary and ends in a sync flush,
 * so the chunks join into one deflate stream whose back-references cross chunk boundaries (RFC 1951), with one
 * gzip header and one CRC-32/ISIZE trailer (RFC 1952).
 */
final class ParallelGzipOutputStream extends OutputStream {
  private static final int SINGLE_CHUNK = 1 << 20;
  private static final int BGZF_CHUNK = 64 * 65280;
  private static final int WINDOW = 32 * 1024;
  private static final int BGZF_EOF_BLOCK = 28;

  private final OutputStream out;
  private final Corpus.Gzip kind;
  private final ExecutorService pool;
  private final ArrayDeque<Future<byte[]>> pending = new ArrayDeque<>();
  private final int threads;
  private final CRC32 crc = new CRC32();
  private byte[] chunk;
  private int filled;
  private byte[] dictionary;
  private long totalBytes;

  ParallelGzipOutputStream(OutputStream out, Corpus.Gzip kind, long memberBytes) throws IOException {
    this.out = out;
    this.kind = kind;
    this.threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    this.pool = Executors.newFixedThreadPool(threads);
    int chunkSize = switch (kind) {
      case SINGLE_MEMBER -> SINGLE_CHUNK;
      case MULTI_MEMBER -> Math.toIntExact(memberBytes);
      case BGZF -> BGZF_CHUNK;
    };
    this.chunk = new byte[chunkSize];
    if (kind == Corpus.Gzip.SINGLE_MEMBER) {
      out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, chunk.length - filled);
      System.arraycopy(b, off, chunk, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == chunk.length) {
        submit(false);
      }
    }
  }

  private void submit(boolean last) throws IOException {
    byte[] data = filled == chunk.length ? chunk : Arrays.copyOf(chunk, filled);
    chunk = new byte[chunk.length];
    filled = 0;
    if (kind == Corpus.Gzip.SINGLE_MEMBER) {
      crc.update(data);
      totalBytes += data.length;
      byte[] previous = dictionary;
      dictionary = Arrays.copyOfRange(data, Math.max(0, data.length - WINDOW), data.length);
      pending.add(pool.submit(() -> deflateChunk(data, previous, last)));
    } else if (kind == Corpus.Gzip.MULTI_MEMBER) {
      pending.add(pool.submit(() -> GzipWriters.singleMember(data, 6)));
    } else {
      pending.add(pool.submit(() -> {
        byte[] blocks = GzipWriters.bgzf(data);
        return Arrays.copyOf(blocks, blocks.length - BGZF_EOF_BLOCK);
      }));
    }
    while (pending.size() > 2 * threads) {
      drainOne();
    }
  }

  private static byte[] deflateChunk(byte[] data, byte[] dictionary, boolean last) {
    Deflater deflater = new Deflater(6, true);
    try {
      if (dictionary != null) {
        deflater.setDictionary(dictionary);
      }
      deflater.setInput(data);
      ByteArrayOutputStream compressed = new ByteArrayOutputStream(data.length / 2 + 64);
      byte[] buffer = new byte[1 << 16];
      if (last) {
        deflater.finish();
        while (!deflater.finished()) {
          compressed.write(buffer, 0, deflater.deflate(buffer));
        }
      } else {
        int n;
        do {
          n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
          compressed.write(buffer, 0, n);
        } while (n == buffer.length || !deflater.needsInput());
      }
      return compressed.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private void drainOne() throws IOException {
    try {
      out.write(pending.removeFirst().get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while compressing", e);
    } catch (ExecutionException e) {
      throw new IOException("compressing a chunk failed", e.getCause());
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (filled > 0 || kind == Corpus.Gzip.SINGLE_MEMBER) {
        submit(true);
      }
      while (!pending.isEmpty()) {
        drainOne();
      }
      if (kind == Corpus.Gzip.SINGLE_MEMBER) {
        long c = crc.getValue();
        long size = totalBytes;
        out.write(new byte[] {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24),
            (byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)});
      } else if (kind == Corpus.Gzip.BGZF) {
        byte[] empty = GzipWriters.bgzf(new byte[0]);
        out.write(empty, empty.length - BGZF_EOF_BLOCK, BGZF_EOF_BLOCK);
      }
    } finally {
      pool.shutdownNow();
      out.close();
    }
  }
}
