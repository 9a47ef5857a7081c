package io.dataplug.formats.fastq;

import io.dataplug.formats.api.ArrowBatchWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Fills the vectors of a paired-end read: structs {@code read1} and {@code read2} of the usual FASTQ columns, and
 * {@code ordinal}. Mate 1 is written first; mate 2's name must then agree with it (after "/1" and "/2" are stripped).
 */
final class PairedBatchWriter extends ArrowBatchWriter {
  static final String READ1 = "read1";
  static final String READ2 = "read2";
  static final String ORDINAL = "ordinal";
  private static final List<FastqColumn> MATE_COLUMNS = List.of(FastqColumn.NAME, FastqColumn.DESCRIPTION,
      FastqColumn.SEQUENCE, FastqColumn.QUALITY);

  private final Mate first;
  private final Mate second;
  private BigIntVector ordinals;
  private final QualityEncoding encoding;
  private byte[] firstName = new byte[256];
  private int firstNameLength;
  private String problem;

  static Schema schema() {
    return new Schema(List.of(mateField(READ1), mateField(READ2),
        new Field(ORDINAL, FieldType.notNullable(new ArrowType.Int(64, true)), null)));
  }

  private static Field mateField(String name) {
    List<Field> children = new ArrayList<>();
    for (FastqColumn column : MATE_COLUMNS) {
      children.add(column.arrowField());
    }
    return new Field(name, FieldType.notNullable(ArrowType.Struct.INSTANCE), children);
  }

  PairedBatchWriter(BufferAllocator allocator, List<String> columns, QualityEncoding encoding) {
    this.encoding = encoding;
    Schema schema = schema();
    Mate one = null;
    Mate two = null;
    try {
      for (String column : columns) {
        FieldVector vector = allocate(schema.findField(column), allocator);
        switch (column) {
          case READ1 -> one = new Mate((StructVector) vector, true);
          case READ2 -> two = new Mate((StructVector) vector, false);
          case ORDINAL -> ordinals = (BigIntVector) vector;
          default -> throw new IllegalArgumentException("No paired FASTQ column named '" + column + "'");
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    this.first = one != null ? one : new Mate(null, true);
    this.second = two != null ? two : new Mate(null, false);
  }

  FastqRecordReader.Sink first() {
    return first;
  }

  FastqRecordReader.Sink second() {
    return second;
  }

  /** What was wrong with the last pair (names that disagree, qualities that do not fit), or null; then cleared. */
  String takeProblem() {
    String out = problem;
    problem = null;
    return out;
  }

  void endPair(long ordinal) {
    if (ordinals != null) {
      ordinals.setSafe(rows, ordinal);
    }
    rows++;
  }

  /** The name without a trailing "/1" or "/2" (Illumina's mate suffix before CASAVA 1.8). */
  private static int stripMate(byte[] name, int offset, int length) {
    if (length >= 2 && name[offset + length - 2] == '/' && (name[offset + length - 1] == '1'
        || name[offset + length - 1] == '2')) {
      return length - 2;
    }
    return length;
  }

  /** One mate's struct. */
  private final class Mate implements FastqRecordReader.Sink {
    private final StructVector struct;
    private final boolean isFirst;
    private final VarCharVector[] children = new VarCharVector[4];

    Mate(StructVector struct, boolean isFirst) {
      this.struct = struct;
      this.isFirst = isFirst;
      if (struct != null) {
        for (int i = 0; i < MATE_COLUMNS.size(); i++) {
          children[i] = (VarCharVector) struct.getChild(MATE_COLUMNS.get(i).columnName());
        }
      }
    }

    @Override
    public void record(byte[] header, int nameOffset, int nameLength, int descriptionOffset, int descriptionLength,
        byte[] sequence, int sequenceOffset, int sequenceLength, byte[] quality, int qualityOffset,
        int qualityLength, long ordinal) {
      int stripped = stripMate(header, nameOffset, nameLength);
      if (isFirst) {
        if (firstName.length < stripped) {
          firstName = new byte[stripped * 2];
        }
        System.arraycopy(header, nameOffset, firstName, 0, stripped);
        firstNameLength = stripped;
      } else if (!Arrays.equals(firstName, 0, firstNameLength, header, nameOffset, nameOffset + stripped)) {
        problem = "mate names differ: '" + new String(firstName, 0, firstNameLength,
            java.nio.charset.StandardCharsets.UTF_8) + "' and '" + new String(header, nameOffset, nameLength,
            java.nio.charset.StandardCharsets.UTF_8) + "'";
      }
      String bad = encoding.apply(quality, qualityOffset, qualityLength);
      if (bad != null && problem == null) {
        problem = bad;
      }
      if (struct == null) {
        return;
      }
      int row = rows;
      struct.setIndexDefined(row);
      children[0].setSafe(row, header, nameOffset, nameLength);
      if (descriptionLength < 0) {
        children[1].setNull(row);
      } else {
        children[1].setSafe(row, header, descriptionOffset, descriptionLength);
      }
      children[2].setSafe(row, sequence, sequenceOffset, sequenceLength);
      children[3].setSafe(row, quality, qualityOffset, qualityLength);
    }
  }
}
