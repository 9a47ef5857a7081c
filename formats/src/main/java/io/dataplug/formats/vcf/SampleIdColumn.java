package io.dataplug.formats.vcf;

import io.dataplug.formats.api.ArrowBatchWriter;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * The genotypes' {@code sampleId}: the same names in the same order on every line that has genotypes, so a line
 * appends one prepared block of bytes and offsets, copied into the vector when the batch is finished (instead of
 * one {@code setSafe} per genotype).
 */
final class SampleIdColumn {
  private final VarCharVector vector;
  /** The kept samples' names, concatenated, and where each ends in that block. */
  private byte[] names = new byte[0];
  private int[] nameEnds = new int[0];
  private byte[] data = new byte[1 << 16];
  private int[] offsets = new int[1025];

  SampleIdColumn(VarCharVector vector) {
    this.vector = vector;
  }

  /** Readies the names of a file's kept samples, in the order its genotypes are written. */
  void startFile(String[] keptNames) {
    nameEnds = new int[keptNames.length];
    int length = 0;
    byte[][] encoded = new byte[keptNames.length][];
    for (int k = 0; k < keptNames.length; k++) {
      encoded[k] = keptNames[k].getBytes(StandardCharsets.UTF_8);
      length += encoded[k].length;
      nameEnds[k] = length;
    }
    names = new byte[length];
    for (int k = 0, at = 0; k < encoded.length; k++) {
      System.arraycopy(encoded[k], 0, names, at, encoded[k].length);
      at += encoded[k].length;
    }
  }

  /** Writes every kept sample's name at indexes {@code base} to {@code base + kept - 1}. */
  void writeLine(int base) {
    int count = nameEnds.length;
    if (base + count + 1 > offsets.length) {
      offsets = Arrays.copyOf(offsets, Math.max(base + count + 1, offsets.length * 2));
    }
    int start = offsets[base];
    if (start + names.length > data.length) {
      data = Arrays.copyOf(data, Math.max(start + names.length, data.length * 2));
    }
    System.arraycopy(names, 0, data, start, names.length);
    for (int k = 0; k < count; k++) {
      offsets[base + k + 1] = start + nameEnds[k];
    }
  }

  /** Copies indexes 0 to count - 1 into the vector. */
  void flush(int count) {
    if (count == 0) {
      return;
    }
    while (vector.getValueCapacity() < count) {
      vector.reallocValidityAndOffsetBuffers();
    }
    int bytes = offsets[count];
    while (vector.getDataBuffer().capacity() < bytes) {
      vector.reallocDataBuffer();
    }
    vector.getOffsetBuffer().nioBuffer(0, (count + 1) * BaseVariableWidthVector.OFFSET_WIDTH)
        .order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(offsets, 0, count + 1);
    vector.getDataBuffer().setBytes(0, data, 0, bytes);
    ArrowBatchWriter.setValid(vector.getValidityBuffer(), 0, count);
    vector.setLastSet(count - 1);
  }
}
