package io.dataplug.formats.fasta;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The contig table of a FASTA file: from a {@code .fai}, or kept in this project's index as its format table. */
final class FastaContigs {
  private FastaContigs() {}

  static byte[] encode(List<FastaContig> contigs) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(contigs.size());
      for (FastaContig c : contigs) {
        writeString(out, c.name());
        writeString(out, c.description());
        out.writeLong(c.length());
        out.writeLong(c.offset());
        out.writeInt(c.lineBases());
        out.writeInt(c.lineBytes());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<FastaContig> decode(byte[] table, String indexUri) throws IOException {
    if (table == null) {
      throw new FastaFormatException(indexUri + " is not a FASTA index (it has no contig table); rebuild it with"
          + " index=rebuild");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(table));
    int n = in.readInt();
    List<FastaContig> contigs = new ArrayList<>(Math.max(0, Math.min(n, 1 << 20)));
    for (int i = 0; i < n; i++) {
      contigs.add(new FastaContig(readString(in), readString(in), in.readLong(), in.readLong(), in.readInt(),
          in.readInt()));
    }
    return contigs;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > in.available()) {
      throw new IOException("corrupt contig table");
    }
    return new String(in.readNBytes(n), StandardCharsets.UTF_8);
  }

  /** Parses a samtools {@code .fai}: name, length, offset, bases per line, bytes per line, tab-separated. */
  static List<FastaContig> parseFai(String text, String faiUri) throws FastaFormatException {
    List<FastaContig> contigs = new ArrayList<>();
    int lineNumber = 0;
    for (String line : text.split("\n")) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      try {
        if (f.length < 5) {
          throw new NumberFormatException("5 tab-separated columns expected");
        }
        FastaContig contig = new FastaContig(f[0], "", Long.parseLong(f[1].trim()), Long.parseLong(f[2].trim()),
            Integer.parseInt(f[3].trim()), Integer.parseInt(f[4].trim()));
        if (contig.length() < 0 || contig.offset() < 0 || (contig.length() > 0 && contig.lineBases() <= 0)
            || contig.lineBytes() < contig.lineBases()) {
          throw new NumberFormatException("impossible values");
        }
        contigs.add(contig);
      } catch (NumberFormatException e) {
        throw new FastaFormatException(faiUri + ": line " + lineNumber + " is not a .fai line (" + e.getMessage()
            + "): " + line);
      }
    }
    return contigs;
  }
}
