package io.dataplug.formats.vcf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a VCF file's records lie on the genome, kept in its index: runs of at most {@link #RECORDS} consecutive
 * records of one contig with the exact smallest and largest {@code start} and largest {@code end} among them. A
 * region filter keeps the slices whose runs could hold a matching record; exact bounds make this right for files
 * that are not sorted too.
 */
final class VcfBlocks {
  static final int RECORDS = 512;

  /** A run of records from {@code firstOrdinal} on (up to the next block's first ordinal). */
  record Block(long firstOrdinal, String contig, long minStart, long maxStart, long maxEnd) {}

  private final List<Block> blocks;

  VcfBlocks(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  List<Block> blocks() {
    return blocks;
  }

  /** Whether some block overlapping records {@code [fromOrdinal, toOrdinal)} passes {@code test}. */
  boolean any(long fromOrdinal, long toOrdinal, java.util.function.Predicate<Block> test) {
    for (int i = 0; i < blocks.size(); i++) {
      long end = i + 1 < blocks.size() ? blocks.get(i + 1).firstOrdinal() : Long.MAX_VALUE;
      Block b = blocks.get(i);
      if (b.firstOrdinal() < toOrdinal && end > fromOrdinal && test.test(b)) {
        return true;
      }
    }
    return false;
  }

  byte[] encode() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(blocks.size());
      String previous = null;
      for (Block b : blocks) {
        boolean same = b.contig().equals(previous);
        out.writeBoolean(same);
        if (!same) {
          out.writeUTF(b.contig());
        }
        out.writeLong(b.firstOrdinal());
        out.writeLong(b.minStart());
        out.writeLong(b.maxStart());
        out.writeLong(b.maxEnd());
        previous = b.contig();
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static VcfBlocks decode(byte[] table) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(table));
    int n = in.readInt();
    List<Block> blocks = new ArrayList<>();
    String contig = null;
    for (int i = 0; i < n; i++) {
      if (!in.readBoolean()) {
        contig = in.readUTF();
      }
      blocks.add(new Block(in.readLong(), contig, in.readLong(), in.readLong(), in.readLong()));
    }
    return new VcfBlocks(blocks);
  }

  /** Collects blocks record by record during the indexing pass. */
  static final class Builder {
    private final List<Block> blocks = new ArrayList<>();
    private String contig;
    private long first = -1;
    private long count;
    private long minStart;
    private long maxStart;
    private long maxEnd;

    void add(long ordinal, String recordContig, long start, long end) {
      if (first < 0 || count == RECORDS || !recordContig.equals(contig)) {
        flush();
        contig = recordContig;
        first = ordinal;
        minStart = start;
        maxStart = start;
        maxEnd = end;
      }
      count++;
      minStart = Math.min(minStart, start);
      maxStart = Math.max(maxStart, start);
      maxEnd = Math.max(maxEnd, end);
    }

    private void flush() {
      if (first >= 0) {
        blocks.add(new Block(first, contig, minStart, maxStart, maxEnd));
      }
      count = 0;
    }

    VcfBlocks build() {
      flush();
      first = -1;
      return new VcfBlocks(blocks);
    }
  }
}
