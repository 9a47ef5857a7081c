package io.dataplug.formats.fastq;

import io.dataplug.formats.api.ArrowBatchWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;

/** Fills Arrow vectors, one per requested column, with FASTQ records. Reused from batch to batch. */
public final class FastqBatchWriter extends ArrowBatchWriter implements FastqRecordReader.Sink {
  private final List<FastqColumn> columns;
  private final FieldVector[] byColumn = new FieldVector[FastqColumn.values().length];
  private byte[] sourceFile = new byte[0];
  private final QualityEncoding encoding;
  private String problem;

  public FastqBatchWriter(BufferAllocator allocator, List<FastqColumn> columns) {
    this(allocator, columns, QualityEncoding.AUTO);
  }

  /** @param encoding how qualities are checked or converted */
  public FastqBatchWriter(BufferAllocator allocator, List<FastqColumn> columns, QualityEncoding encoding) {
    this.encoding = encoding;
    this.columns = List.copyOf(columns);
    try {
      for (FastqColumn column : this.columns) {
        byColumn[column.ordinal()] = allocate(column.arrowField(), allocator);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public List<FastqColumn> columns() {
    return columns;
  }

  /** What was wrong with the last record's qualities, or null; then cleared. */
  public String takeProblem() {
    String out = problem;
    problem = null;
    return out;
  }

  public void setSourceFile(String uri) {
    sourceFile = uri.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void record(byte[] header, int nameOffset, int nameLength, int descriptionOffset, int descriptionLength,
      byte[] sequence, int sequenceOffset, int sequenceLength, byte[] quality, int qualityOffset, int qualityLength,
      long ordinal) {
    int row = rows;
    String bad = encoding.apply(quality, qualityOffset, qualityLength);
    if (bad != null && problem == null) {
      problem = bad;
    }
    setText(FastqColumn.NAME, row, header, nameOffset, nameLength);
    setText(FastqColumn.DESCRIPTION, row, header, descriptionOffset, descriptionLength);
    setText(FastqColumn.SEQUENCE, row, sequence, sequenceOffset, sequenceLength);
    setText(FastqColumn.QUALITY, row, quality, qualityOffset, qualityLength);
    setText(FastqColumn.SOURCE_FILE, row, sourceFile, 0, sourceFile.length);
    BigIntVector ordinals = (BigIntVector) byColumn[FastqColumn.ORDINAL.ordinal()];
    if (ordinals != null) {
      ordinals.setSafe(row, ordinal);
    }
    rows = row + 1;
  }

  private void setText(FastqColumn column, int row, byte[] bytes, int offset, int length) {
    VarCharVector vector = (VarCharVector) byColumn[column.ordinal()];
    if (vector == null) {
      return;
    }
    if (length < 0) {
      vector.setNull(row);
    } else {
      vector.setSafe(row, bytes, offset, length);
    }
  }
}
