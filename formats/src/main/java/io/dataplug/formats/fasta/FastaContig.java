package io.dataplug.formats.fasta;

import java.io.Serializable;

/**
 * One sequence of a FASTA file and its line layout, as a {@code .fai} line describes it (samtools faidx): bases, the
 * uncompressed offset of its first base, bases per line and bytes per line (with the line terminator). Offsets are
 * 64-bit.
 *
 * @param description the header line after the name and its whitespace; empty when none (a {@code .fai} does not
 *     keep it, so it is empty there too)
 */
public record FastaContig(String name, String description, long length, long offset, int lineBases, int lineBytes)
    implements Serializable {

  /** Uncompressed offset of base {@code position} (0-based) of this contig. */
  public long byteOf(long position) {
    if (lineBases <= 0) {
      return offset;
    }
    return offset + position / lineBases * lineBytes + position % lineBases;
  }

  /** Uncompressed offset just after base {@code end - 1} (the line terminator excluded). */
  public long endByteOf(long end) {
    return end == 0 ? offset : byteOf(end - 1) + 1;
  }
}
