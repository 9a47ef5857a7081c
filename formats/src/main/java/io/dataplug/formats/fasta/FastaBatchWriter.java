package io.dataplug.formats.fasta;

import io.dataplug.formats.api.ArrowBatchWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Schema;

/** Fills Arrow vectors of the requested columns with contig pieces. */
final class FastaBatchWriter extends ArrowBatchWriter {
  private VarCharVector contigName;
  private VarCharVector description;
  private BigIntVector start;
  private BigIntVector end;
  private VarCharVector sequence;
  private VarCharVector sourceFile;
  private byte[] name = new byte[0];
  private byte[] text = new byte[0];
  private byte[] source = new byte[0];

  FastaBatchWriter(BufferAllocator allocator, Schema schema, List<String> columns) {
    try {
      for (String column : columns) {
        FieldVector vector = allocate(schema.findField(column), allocator);
        switch (column) {
          case FastaFormat.CONTIG_NAME -> contigName = (VarCharVector) vector;
          case FastaFormat.DESCRIPTION -> description = (VarCharVector) vector;
          case FastaFormat.START -> start = (BigIntVector) vector;
          case FastaFormat.END -> end = (BigIntVector) vector;
          case FastaFormat.SEQUENCE -> sequence = (VarCharVector) vector;
          case FastaFormat.SOURCE_FILE -> sourceFile = (VarCharVector) vector;
          default -> throw new IllegalArgumentException("No FASTA column named '" + column + "'");
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  void startContig(FastaContig contig, String uri) {
    name = contig.name().getBytes(StandardCharsets.UTF_8);
    text = contig.description().getBytes(StandardCharsets.UTF_8);
    source = uri.getBytes(StandardCharsets.UTF_8);
  }

  boolean wantsSequence() {
    return sequence != null;
  }

  void piece(long from, long to, byte[] bases, int length) {
    int row = rows;
    if (contigName != null) {
      contigName.setSafe(row, name, 0, name.length);
    }
    if (description != null) {
      if (text.length == 0) {
        description.setNull(row);
      } else {
        description.setSafe(row, text, 0, text.length);
      }
    }
    if (start != null) {
      start.setSafe(row, from);
    }
    if (end != null) {
      end.setSafe(row, to);
    }
    if (sequence != null) {
      sequence.setSafe(row, bases, 0, length);
    }
    if (sourceFile != null) {
      sourceFile.setSafe(row, source, 0, source.length);
    }
    rows = row + 1;
  }
}
