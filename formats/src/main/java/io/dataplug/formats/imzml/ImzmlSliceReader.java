package io.dataplug.formats.imzml;

import io.dataplug.formats.codec.Inflating;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.storage.ReadAhead;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads one slice's spectra from the {@code .ibd}: adjacent arrays through one read-ahead window, each decoded from
 * little-endian numbers (inflated first when zlib), an {@code mzRange} cut by binary search on the m/z array. The
 * {@code .ibd} must be the one the index describes (same identity), so no row comes from stale offsets.
 */
final class ImzmlSliceReader implements Closeable {
  private static final int WINDOW = 8 << 20;

  private final ImzmlSlice slice;
  private final ImzmlIndex spectra;
  private final MzRange mzRange;
  private final boolean readArrays;
  /** Intensities are written as floats: every file of the read stores them as 32-bit floats. */
  private final boolean floatIntensity;
  private final Blob ibd;
  private final ReadAhead reads;
  private final Inflater inflater = new Inflater();
  private double[] sharedMz;
  private double[] mz = new double[0];
  private double[] intensityDoubles = new double[0];
  private float[] intensityFloats = new float[0];
  private byte[] inflated = new byte[0];
  private int next;

  ImzmlSliceReader(BlobStore store, ImzmlSlice slice, MzRange mzRange, boolean readArrays, boolean floatIntensity)
      throws IOException {
    this.slice = slice;
    this.floatIntensity = floatIntensity;
    this.spectra = slice.spectra();
    this.mzRange = mzRange;
    this.readArrays = readArrays;
    this.ibd = store.open(slice.ibdUri());
    try {
      if (!ibd.identity().equals(spectra.ibdIdentity)) {
        throw new ImzmlFormatException(slice.ibdUri() + " changed after its spectra were indexed (index: "
            + spectra.ibdIdentity + ", now: " + ibd.identity() + "): read again, which rebuilds the index");
      }
      int n = spectra.spectra();
      // Range 0 is the m/z array that continuous spectra share, read once; range i + 1 spans spectrum i's arrays
      // (a processed spectrum's lie side by side; a continuous one's is its intensity array alone).
      long[] offsets = new long[n + 1];
      long[] lengths = new long[n + 1];
      if (spectra.continuous && n > 0) {
        offsets[0] = spectra.mz.offset[0];
        lengths[0] = spectra.mz.encodedLength[0];
      }
      for (int i = 0; i < n; i++) {
        long mzStart = spectra.continuous ? Long.MAX_VALUE : spectra.mz.offset[i];
        long start = Math.min(mzStart, spectra.intensity.offset[i]);
        long end = Math.max(spectra.continuous ? 0 : spectra.mz.offset[i] + spectra.mz.encodedLength[i],
            spectra.intensity.offset[i] + spectra.intensity.encodedLength[i]);
        offsets[i + 1] = start;
        lengths[i + 1] = end - start;
      }
      this.reads = new ReadAhead(ibd, offsets, lengths, 0, WINDOW, ImzmlFormatException::new);
    } catch (IOException | RuntimeException e) {
      ibd.close();
      throw e;
    }
  }

  /** Writes up to {@code maxRows} spectra; 0 when the slice is done. */
  int read(ImzmlBatchWriter writer, int maxRows) throws IOException {
    int rows = 0;
    while (rows < maxRows && next < spectra.spectra()) {
      int i = next++;
      if (!readArrays) {
        writer.spectrum(spectra, i, null, 0, 0, null, null);
        rows++;
        continue;
      }
      double[] m = mzOf(i);
      int length = spectra.mz.length[i];
      int from = 0;
      int to = length;
      if (mzRange != null) {
        from = mzRange.from(m, length);
        to = Math.max(from, mzRange.to(m, length));
      }
      readIntensity(i);
      writer.spectrum(spectra, i, m, from, to, intensityDoubles, intensityFloats);
      rows++;
    }
    return rows;
  }

  private double[] mzOf(int i) throws IOException {
    if (spectra.continuous) {
      if (sharedMz == null) {
        sharedMz = new double[spectra.mz.length[0]];
        decode(spectra.mz, 0, "m/z array", sharedMz, null);
      }
      if (spectra.intensity.length[i] != sharedMz.length) {
        throw new ImzmlFormatException(where(i) + " has " + spectra.intensity.length[i] + " intensities but the"
            + " shared m/z array (continuous mode) has " + sharedMz.length + " values");
      }
      return sharedMz;
    }
    if (spectra.intensity.length[i] != spectra.mz.length[i]) {
      throw new ImzmlFormatException(where(i) + " has " + spectra.mz.length[i] + " m/z values but "
          + spectra.intensity.length[i] + " intensities");
    }
    if (mz.length < spectra.mz.length[i]) {
      mz = new double[spectra.mz.length[i]];
    }
    decode(spectra.mz, i, "m/z array", mz, null);
    return mz;
  }

  private void readIntensity(int i) throws IOException {
    int n = spectra.intensity.length[i];
    if (floatIntensity) {
      if (intensityFloats.length < n) {
        intensityFloats = new float[n];
      }
      decode(spectra.intensity, i, "intensity array", null, intensityFloats);
    } else {
      if (intensityDoubles.length < n) {
        intensityDoubles = new double[n];
      }
      decode(spectra.intensity, i, "intensity array", intensityDoubles, null);
    }
  }

  /** Decodes array {@code i} of {@code arrays} into {@code doubles} or, for 32-bit floats only, {@code floats}. */
  private void decode(ImzmlIndex.ArrayLocations arrays, int i, String what, double[] doubles, float[] floats)
      throws IOException {
    byte packed = arrays.encoding[i];
    BinaryEncoding type = BinaryEncoding.typeOf(packed);
    long offset = arrays.offset[i];
    long encoded = arrays.encodedLength[i];
    int n = arrays.length[i];
    if (offset < 16 || offset + encoded > ibd.length()) {
      throw new ImzmlFormatException(where(i) + ": its " + what + " at .ibd bytes [" + offset + ", "
          + (offset + encoded) + ") lies outside " + slice.ibdUri() + " (16-byte UUID, then " + (ibd.length() - 16)
          + " bytes of data)");
    }
    byte[] buffer = reads.fetch(spectra.continuous && arrays == spectra.mz ? 0 : i + 1, where(i) + " " + what);
    int at = reads.offsetIn(offset);
    int bytes = n * type.bytes;
    if (BinaryEncoding.zlib(packed)) {
      if (inflated.length < bytes) {
        inflated = new byte[bytes];
      }
      inflater.reset();
      inflater.setInput(buffer, at, (int) encoded);
      try {
        int produced = Inflating.inflate(inflater, inflated, bytes);
        if (produced != bytes) {
          throw new ImzmlFormatException(where(i) + ": its zlib " + what + " at .ibd byte " + offset + " inflates to "
              + produced + " bytes, not the " + bytes + " that " + n + " values need");
        }
      } catch (DataFormatException e) {
        throw new ImzmlFormatException(where(i) + ": its zlib " + what + " at .ibd byte " + offset
            + " is corrupt (" + e.getMessage() + ")", e);
      }
      buffer = inflated;
      at = 0;
    }
    ByteBuffer in = ByteBuffer.wrap(buffer, at, bytes).order(ByteOrder.LITTLE_ENDIAN);
    switch (type) {
      case FLOAT32 -> {
        if (floats != null) {
          in.asFloatBuffer().get(floats, 0, n);
        } else {
          for (int k = 0; k < n; k++) {
            doubles[k] = in.getFloat(at + 4 * k);
          }
        }
      }
      case FLOAT64 -> in.asDoubleBuffer().get(doubles, 0, n);
      case INT32 -> {
        for (int k = 0; k < n; k++) {
          doubles[k] = in.getInt(at + 4 * k);
        }
      }
      case INT64 -> {
        for (int k = 0; k < n; k++) {
          doubles[k] = in.getLong(at + 8 * k);
        }
      }
    }
  }

  private String where(int i) {
    return slice.imzmlUri() + ": spectrum " + spectra.ordinal[i] + " (x " + spectra.x[i] + ", y " + spectra.y[i]
        + ")";
  }

  long bytesFetched() {
    return ibd.stats().bytes();
  }

  long requests() {
    return ibd.stats().requests();
  }

  int spectraRead() {
    return next;
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    reads.close();
    ibd.close();
  }
}
