package io.dataplug.formats.imzml;

import io.dataplug.formats.api.ArrowBatchWriter;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.Schema;

/** Writes spectra as rows of the requested columns; each array goes into its list's data buffer in one copy. */
final class ImzmlBatchWriter extends ArrowBatchWriter {
  private IntVector x;
  private IntVector y;
  private IntVector z;
  private ListVector mz;
  private ListVector intensity;
  private Float8Vector totalIonCurrent;
  private VarCharVector sourceFile;
  private byte[] sourceUri;

  ImzmlBatchWriter(BufferAllocator allocator, ImzmlSchema schema, List<String> columns) {
    Schema arrow = schema.arrow();
    try {
      for (String name : columns) {
        FieldVector vector = allocate(arrow.findField(name), allocator);
        switch (name) {
          case ImzmlSchema.X -> x = (IntVector) vector;
          case ImzmlSchema.Y -> y = (IntVector) vector;
          case ImzmlSchema.Z -> z = (IntVector) vector;
          case ImzmlSchema.MZ -> mz = (ListVector) vector;
          case ImzmlSchema.INTENSITY -> intensity = (ListVector) vector;
          case ImzmlSchema.TOTAL_ION_CURRENT -> totalIonCurrent = (Float8Vector) vector;
          case ImzmlSchema.SOURCE_FILE -> sourceFile = (VarCharVector) vector;
          default -> throw new IllegalArgumentException("No imzML column named '" + name + "'");
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Readies the writer for a slice of the file {@code imzmlUri}. */
  void startSlice(String imzmlUri) {
    sourceUri = imzmlUri.getBytes(StandardCharsets.UTF_8);
  }

  /** Whether the requested columns need the spectra's arrays (else only the index is read). */
  boolean needsArrays() {
    return mz != null || intensity != null;
  }

  /**
   * Writes spectrum {@code i} of {@code spectra}: m/z values {@code [from, to)} of {@code mzValues} with the same
   * positions of the intensities (in {@code floats} when the column is float, else {@code doubles}).
   */
  void spectrum(ImzmlIndex spectra, int i, double[] mzValues, int from, int to, double[] doubles, float[] floats) {
    int row = rows;
    if (x != null) {
      x.setSafe(row, spectra.x[i]);
    }
    if (y != null) {
      y.setSafe(row, spectra.y[i]);
    }
    if (z != null) {
      z.setSafe(row, spectra.z[i]);
    }
    if (mz != null) {
      appendDoubles(mz, row, mzValues, from, to - from);
    }
    if (intensity != null) {
      if (intensity.getDataVector() instanceof Float8Vector) {
        appendDoubles(intensity, row, doubles, from, to - from);
      } else {
        appendFloats(intensity, row, floats, from, to - from);
      }
    }
    if (totalIonCurrent != null) {
      if (spectra.hasTic[i]) {
        totalIonCurrent.setSafe(row, spectra.tic[i]);
      } else {
        totalIonCurrent.setNull(row);
      }
    }
    if (sourceFile != null) {
      sourceFile.setSafe(row, sourceUri, 0, sourceUri.length);
    }
    rows = row + 1;
  }

  private static void appendDoubles(ListVector list, int row, double[] values, int from, int n) {
    int start = list.startNewValue(row);
    BaseFixedWidthVector data = reserve(list, start, n);
    if (n > 0) {
      data.getDataBuffer().nioBuffer((long) start * Double.BYTES, n * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN)
          .asDoubleBuffer().put(values, from, n);
    }
    list.endValue(row, n);
  }

  private static void appendFloats(ListVector list, int row, float[] values, int from, int n) {
    int start = list.startNewValue(row);
    BaseFixedWidthVector data = reserve(list, start, n);
    if (n > 0) {
      data.getDataBuffer().nioBuffer((long) start * Float.BYTES, n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer().put(values, from, n);
    }
    list.endValue(row, n);
  }

  /** Grows the list's data vector to hold values {@code [start, start + n)}, marked valid (never null). */
  private static BaseFixedWidthVector reserve(ListVector list, int start, int n) {
    BaseFixedWidthVector data = (BaseFixedWidthVector) list.getDataVector();
    while (data.getValueCapacity() < start + n) {
      data.reAlloc();
    }
    setValid(data.getValidityBuffer(), start, n);
    return data;
  }
}
