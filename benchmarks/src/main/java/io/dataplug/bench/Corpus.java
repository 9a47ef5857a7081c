package io.dataplug.bench;

import io.dataplug.formats.testing.FastqGenerator;
import io.dataplug.formats.testing.LasGenerator;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark inputs, generated with fixed seeds: FASTQ like an Illumina run (names with comments, read lengths
 * that vary, quality lines that often start with '@') as single-member gzip at level 6, multi-member gzip and BGZF
 * (compressed on every core: {@link ParallelGzipOutputStream});
 * LAS point clouds, and LAZ written from them by laspy with lazrs (an independent writer).
 */
final class Corpus {
  enum Gzip {
    SINGLE_MEMBER,
    MULTI_MEMBER,
    BGZF
  }

  private static final long SEED = 20261122L;
  /** Members of the multi-member files: 32 MiB of FASTQ each, as `cat` of per-lane files gives. */
  private static final long MEMBER_BYTES = 32L << 20;

  private Corpus() {}

  /** Writes whole FASTQ records until the compressed file reaches {@code compressedBytes}; returns the record count. */
  static long fastqGz(Path file, Gzip kind, long compressedBytes) throws IOException {
    Files.createDirectories(file.getParent());
    FastqGenerator generator = new FastqGenerator(SEED + kind.ordinal(), false, 0);
    long records = 0;
    try (Counting counting = new Counting(Files.newOutputStream(file));
        OutputStream out = new BufferedOutputStream(wrap(kind, counting), 1 << 20)) {
      while (counting.count < compressedBytes) {
        records += generator.writeUntil(out, 1 << 20);
      }
    }
    return records;
  }

  private static OutputStream wrap(Gzip kind, OutputStream out) throws IOException {
    return new ParallelGzipOutputStream(out, kind, MEMBER_BYTES);
  }

  /** A LAS 1.2 file of point format 3 (GPS time and colour), a survey-like scene over a square kilometre. */
  static void las(Path file, long points) throws IOException {
    las(file, points, 3);
  }

  /** A generated survey of point format 1, 3, 6 or 7. */
  static void las(Path file, long points, int format) throws IOException {
    Files.createDirectories(file.getParent());
    LasGenerator.write(file, format, points, 1000, SEED);
  }

  /**
   * The first {@code points} points of a LAS file as LAZ, compressed by laspy with lazrs (50,000-point chunks, as
   * LASzip writes).
   */
  static void laz(Python python, Path las, Path laz, long points) throws IOException, InterruptedException {
    python.run("write_laz.py", List.of(las.toString(), laz.toString(), Long.toString(points)));
  }

  /** Concatenates {@code copies} copies of a gzip file: a valid multi-member gzip of the concatenated text. */
  static void concatenate(Path gz, int copies, Path out) throws IOException {
    try (OutputStream o = Files.newOutputStream(out)) {
      for (int i = 0; i < copies; i++) {
        Files.copy(gz, o);
      }
    }
  }

  private static final class Counting extends FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
