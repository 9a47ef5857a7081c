package io.dataplug.formats.imzml;

import io.dataplug.formats.storage.BlobIdentity;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * What an imzML file says about its spectra, as columns: position, total ion current and where each spectrum's m/z
 * and intensity arrays lie in the {@code .ibd}. Parsed once from the XML ({@link ImzmlParser}), kept as a sidecar
 * bound to both files' identities, and cut into the few entries each slice needs ({@link #select}).
 */
final class ImzmlIndex implements Serializable {
  private static final byte[] MAGIC = "DPIMZML\n".getBytes(StandardCharsets.US_ASCII);
  static final int LAYOUT_VERSION = 1;

  final BlobIdentity imzmlIdentity;
  final BlobIdentity ibdIdentity;
  /** IMS:1000080, 32 lowercase hex digits: the first 16 bytes of the {@code .ibd}. */
  final String uuid;
  /** IMS:1000030: every spectrum shares one m/z array. */
  final boolean continuous;
  /** The spectra's positions in the file (0-based), for messages. */
  final int[] ordinal;
  final int[] x;
  final int[] y;
  final int[] z;
  /** MS:1000285; NaN when the spectrum gives none (see {@link #hasTic}). */
  final double[] tic;
  final boolean[] hasTic;
  final ArrayLocations mz;
  final ArrayLocations intensity;

  /** One kind of binary array of every spectrum: IMS:1000102 offset, IMS:1000103 length, IMS:1000104 bytes. */
  static final class ArrayLocations implements Serializable {
    final long[] offset;
    final int[] length;
    final long[] encodedLength;
    final byte[] encoding;

    ArrayLocations(long[] offset, int[] length, long[] encodedLength, byte[] encoding) {
      this.offset = offset;
      this.length = length;
      this.encodedLength = encodedLength;
      this.encoding = encoding;
    }

    ArrayLocations select(int[] spectra) {
      int n = spectra.length;
      long[] o = new long[n];
      int[] l = new int[n];
      long[] e = new long[n];
      byte[] t = new byte[n];
      for (int i = 0; i < n; i++) {
        o[i] = offset[spectra[i]];
        l[i] = length[spectra[i]];
        e[i] = encodedLength[spectra[i]];
        t[i] = encoding[spectra[i]];
      }
      return new ArrayLocations(o, l, e, t);
    }

    /** Whether every array is stored as {@code type}, uncompressed or not. */
    boolean allOfType(BinaryEncoding type) {
      for (byte b : encoding) {
        if (BinaryEncoding.typeOf(b) != type) {
          return false;
        }
      }
      return true;
    }
  }

  ImzmlIndex(BlobIdentity imzmlIdentity, BlobIdentity ibdIdentity, String uuid, boolean continuous, int[] ordinal,
      int[] x, int[] y, int[] z, double[] tic, boolean[] hasTic, ArrayLocations mz, ArrayLocations intensity) {
    this.imzmlIdentity = imzmlIdentity;
    this.ibdIdentity = ibdIdentity;
    this.uuid = uuid;
    this.continuous = continuous;
    this.ordinal = ordinal;
    this.x = x;
    this.y = y;
    this.z = z;
    this.tic = tic;
    this.hasTic = hasTic;
    this.mz = mz;
    this.intensity = intensity;
  }

  int spectra() {
    return x.length;
  }

  /** Bytes of the {@code .ibd} that spectrum {@code i} alone needs (its intensities, and its m/z unless shared). */
  long bytesOf(int i) {
    return intensity.encodedLength[i] + (continuous ? 0 : mz.encodedLength[i]);
  }

  /** The entries of some spectra (indexes into this index, in the order given). */
  ImzmlIndex select(int[] spectra) {
    int n = spectra.length;
    int[] o = new int[n];
    int[] sx = new int[n];
    int[] sy = new int[n];
    int[] sz = new int[n];
    double[] t = new double[n];
    boolean[] h = new boolean[n];
    for (int i = 0; i < n; i++) {
      int s = spectra[i];
      o[i] = ordinal[s];
      sx[i] = x[s];
      sy[i] = y[s];
      sz[i] = z[s];
      t[i] = tic[s];
      h[i] = hasTic[s];
    }
    return new ImzmlIndex(imzmlIdentity, ibdIdentity, uuid, continuous, o, sx, sy, sz, t, h, mz.select(spectra),
        intensity.select(spectra));
  }

  /** The sidecar layout: magic, version, both identities, the UUID, then the columns, then a CRC32 of all before. */
  void writeTo(OutputStream target) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(MAGIC);
    out.writeInt(LAYOUT_VERSION);
    writeIdentity(out, imzmlIdentity);
    writeIdentity(out, ibdIdentity);
    out.writeUTF(uuid);
    out.writeBoolean(continuous);
    int n = spectra();
    out.writeInt(n);
    for (int i = 0; i < n; i++) {
      out.writeInt(ordinal[i]);
      out.writeInt(x[i]);
      out.writeInt(y[i]);
      out.writeInt(z[i]);
      out.writeBoolean(hasTic[i]);
      out.writeDouble(tic[i]);
      writeLocation(out, mz, i);
      writeLocation(out, intensity, i);
    }
    out.flush();
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    out.flush();
    bytes.writeTo(target);
  }

  private static void writeIdentity(DataOutputStream out, BlobIdentity identity) throws IOException {
    out.writeLong(identity.length());
    out.writeUTF(identity.version());
  }

  private static void writeLocation(DataOutputStream out, ArrayLocations a, int i) throws IOException {
    out.writeLong(a.offset[i]);
    out.writeInt(a.length[i]);
    out.writeLong(a.encodedLength[i]);
    out.writeByte(a.encoding[i]);
  }

  /** Reads a sidecar written by {@link #writeTo}; a foreign, truncated or altered one is an IOException. */
  static ImzmlIndex read(InputStream source, String uri) throws IOException {
    byte[] all = source.readAllBytes();
    if (all.length < MAGIC.length + 12 || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IOException(uri + " is not an imzML index");
    }
    CRC32 crc = new CRC32();
    crc.update(all, 0, all.length - 8);
    long stored = java.nio.ByteBuffer.wrap(all, all.length - 8, 8).getLong();
    if (stored != crc.getValue()) {
      throw new IOException("CRC32 mismatch in " + uri);
    }
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, MAGIC.length,
        all.length - 8 - MAGIC.length));
    int version = in.readInt();
    if (version != LAYOUT_VERSION) {
      throw new IOException(uri + " has layout version " + version + ", this reader knows " + LAYOUT_VERSION);
    }
    BlobIdentity imzml = new BlobIdentity(in.readLong(), in.readUTF());
    BlobIdentity ibd = new BlobIdentity(in.readLong(), in.readUTF());
    String uuid = in.readUTF();
    boolean continuous = in.readBoolean();
    int n = in.readInt();
    int[] ordinal = new int[n];
    int[] x = new int[n];
    int[] y = new int[n];
    int[] z = new int[n];
    double[] tic = new double[n];
    boolean[] hasTic = new boolean[n];
    ArrayLocations mz = new ArrayLocations(new long[n], new int[n], new long[n], new byte[n]);
    ArrayLocations intensity = new ArrayLocations(new long[n], new int[n], new long[n], new byte[n]);
    for (int i = 0; i < n; i++) {
      ordinal[i] = in.readInt();
      x[i] = in.readInt();
      y[i] = in.readInt();
      z[i] = in.readInt();
      hasTic[i] = in.readBoolean();
      tic[i] = in.readDouble();
      readLocation(in, mz, i);
      readLocation(in, intensity, i);
    }
    return new ImzmlIndex(imzml, ibd, uuid, continuous, ordinal, x, y, z, tic, hasTic, mz, intensity);
  }

  private static void readLocation(DataInputStream in, ArrayLocations a, int i) throws IOException {
    a.offset[i] = in.readLong();
    a.length[i] = in.readInt();
    a.encodedLength[i] = in.readLong();
    a.encoding[i] = in.readByte();
  }
}
