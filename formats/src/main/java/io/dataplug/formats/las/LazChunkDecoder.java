package io.dataplug.formats.las;

import com.github.mreutegg.laszip4j.laszip.ByteStreamInArray;
import com.github.mreutegg.laszip4j.laszip.ByteStreamOutArray;
import com.github.mreutegg.laszip4j.laszip.LASitem;
import com.github.mreutegg.laszip4j.laszip.LASreadPoint;
import com.github.mreutegg.laszip4j.laszip.LASwritePoint;
import com.github.mreutegg.laszip4j.laszip.LASzip;
import io.dataplug.formats.las.laz.LazDataException;
import io.dataplug.formats.las.laz.LazFields;
import io.dataplug.formats.las.laz.LazPointDecoder;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;

/**
 * Decodes one LAZ chunk (a COPC node is one too) on its own, from its bytes alone, into uncompressed LAS point
 * records. Every chunk resets the arithmetic decoder, which is what makes chunks independent partitions. Records
 * go to the LAS column decoder, shared by LAS and LAZ.
 *
 * <p>Two decoders: this project's {@link LazPointDecoder} for the items it covers (point formats 0 to 3, 6 to 8 and
 * extra bytes: LASzip's version 2 and layered version 3 coders), laszip4j for the rest ({@link LazDecoder});
 * {@link #decoderName()} says which.
 *
 * <p>laszip4j's {@link LASreadPoint} expects a whole file: it reads the 8-byte chunk-table offset before the first
 * chunk. We hand it the chunk behind an 8-byte prefix of zero, which LASzip reads as "the writer was interrupted
 * before the table" (table offset + 8 = first chunk), and tell it the chunk holds exactly {@code pointCount}
 * points, so it never looks for a table or a second chunk. Records go back to bytes through laszip4j's raw item
 * writers.
 */
public final class LazChunkDecoder {
  private static final int PREFIX = 8;
  // laszip4j's read and write take a PointDataRecord[], a type it keeps package-private: call them through method
  // handles typed with Object[] (as fast as a direct call once compiled).
  private static final Class<?> RECORD_TYPE;
  private static final MethodHandle READ;
  private static final MethodHandle WRITE;

  static {
    try {
      RECORD_TYPE = Class.forName("com.github.mreutegg.laszip4j.laszip.PointDataRecord");
      Class<?> arrayType = Array.newInstance(RECORD_TYPE, 0).getClass();
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      READ = lookup.unreflect(LASreadPoint.class.getMethod("read", arrayType))
          .asType(MethodType.methodType(boolean.class, LASreadPoint.class, Object[].class));
      WRITE = lookup.unreflect(LASwritePoint.class.getMethod("write", arrayType))
          .asType(MethodType.methodType(boolean.class, LASwritePoint.class, Object[].class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
  private final String uri;
  private final LazParameters laz;
  private final int recordLength;
  /** Null when laszip4j decodes. */
  private final LazPointDecoder own;

  /**
   * @throws LasFormatException when {@code choice} is {@link LazDecoder#DATAPLUG} and the file's items are not ones it
   *     covers
   */
  public LazChunkDecoder(String uri, LazParameters laz, int recordLength, LazDecoder choice)
      throws LasFormatException {
    this(uri, laz, recordLength, choice, LazFields.ALL);
  }

  /**
   * A decoder that, in layered chunks (point formats 6 to 10), decodes only the layers {@code fields} needs; the other
   * fields of the records it writes keep the chunk's first point's values.
   *
   * @throws LasFormatException when {@code choice} is {@link LazDecoder#DATAPLUG} and the file's items are not ones it
   *     covers
   */
  public LazChunkDecoder(String uri, LazParameters laz, int recordLength, LazDecoder choice, LazFields fields)
      throws LasFormatException {
    this.uri = uri;
    this.laz = laz;
    this.recordLength = recordLength;
    if (choice == LazDecoder.DATAPLUG && !ownDecoderCovers(laz, recordLength)) {
      throw new LasFormatException("lazDecoder=dataplug cannot decode " + uri + " (" + laz + ", " + recordLength
          + "-byte records): it covers LASzip's version 2 items (point formats 0 to 3) and version 3 layered items"
          + " (formats 6 to 8, extra bytes); use lazDecoder=auto");
    }
    own = decoderFor(laz, recordLength, choice) == LazDecoder.DATAPLUG
        ? new LazPointDecoder(laz.itemTypes(), laz.itemSizes(), laz.itemVersions(), recordLength,
            laz.compressor() == LazParameters.LAYERED_CHUNKED, fields) : null;
  }

  /**
   * The decoder {@code choice} gives a file with these items: {@link LazDecoder#DATAPLUG} (this project's) or
   * {@link LazDecoder#LASZIP4J}.
   */
  static LazDecoder decoderFor(LazParameters laz, int recordLength, LazDecoder choice) {
    return choice != LazDecoder.LASZIP4J && ownDecoderCovers(laz, recordLength) ? LazDecoder.DATAPLUG
        : LazDecoder.LASZIP4J;
  }

  /**
   * The fields of layered chunks a read of these columns needs (by their PDAL names; any other column is an extra
   * byte); a filter on the box needs Z as well as X and Y, which every point decodes anyway.
   */
  public static LazFields fieldsFor(java.util.Collection<String> columns, boolean boxFilter) {
    boolean z = boxFilter;
    boolean classification = false;
    boolean flags = false;
    boolean intensity = false;
    boolean scanAngle = false;
    boolean userData = false;
    boolean pointSource = false;
    boolean gpsTime = false;
    boolean rgb = false;
    boolean nir = false;
    boolean extraBytes = false;
    for (String column : columns) {
      switch (column) {
        case "X", "Y", "ReturnNumber", "NumberOfReturns", "ScanChannel" -> { }
        case "Z" -> z = true;
        case "Intensity" -> intensity = true;
        case "Classification" -> classification = true;
        case "Synthetic", "KeyPoint", "Withheld", "Overlap", "ScanDirectionFlag", "EdgeOfFlightLine" -> flags = true;
        case "ScanAngleRank" -> scanAngle = true;
        case "UserData" -> userData = true;
        case "PointSourceId" -> pointSource = true;
        case "GpsTime" -> gpsTime = true;
        case "Red", "Green", "Blue" -> rgb = true;
        case "Infrared" -> nir = true;
        default -> extraBytes = true;
      }
    }
    return new LazFields(z, classification, flags, intensity, scanAngle, userData, pointSource, gpsTime, rgb, nir,
        extraBytes);
  }

  /** Whether this project's decoder covers a file with these LAZ items (else laszip4j decodes it). */
  static boolean ownDecoderCovers(LazParameters laz, int recordLength) {
    return LazPointDecoder.covers(laz.itemTypes(), laz.itemSizes(), laz.itemVersions(), recordLength,
        laz.compressor() == LazParameters.LAYERED_CHUNKED);
  }

  /** "dataplug" or "laszip4j": which decoder this one uses. */
  public String decoderName() {
    return own != null ? LazDecoder.DATAPLUG.label() : LazDecoder.LASZIP4J.label();
  }

  /**
   * Decodes {@code pointCount} points from {@code bytes[offset, offset + length)} into {@code out} (which must hold
   * {@code pointCount * recordLength} bytes). {@code where} names the chunk in errors.
   */
  public void decode(byte[] bytes, int offset, int length, int pointCount, byte[] out, String where)
      throws LasFormatException {
    if (pointCount == 0) {
      return;
    }
    if (own != null) {
      decodeOwn(bytes, offset, length, pointCount, out, where);
      return;
    }
    if (laz.compressor() == LazParameters.LAYERED_CHUNKED) {
      // A layered chunk starts with its first point raw, then its own point count (LASzip 1.4 layered chunks).
      int rawPoint = 0;
      for (int size : laz.itemSizes()) {
        rawPoint += size;
      }
      if (length < rawPoint + 4) {
        throw new LasFormatException("Truncated LAZ chunk: " + where + " of " + uri + " has " + length + " bytes");
      }
      int inChunk = ByteBuffer.wrap(bytes, offset + rawPoint, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
      if (inChunk != pointCount) {
        throw new LasFormatException("Point count mismatch in " + where + " of " + uri + ": the chunk holds " + inChunk
            + " points, the header or chunk table says " + pointCount);
      }
    }
    boolean chunked = laz.chunked();
    int prefix = chunked ? PREFIX : 0;
    byte[] input = new byte[prefix + length];
    System.arraycopy(bytes, offset, input, prefix, length);
    LASitem[] items = new LASitem[laz.itemTypes().length];
    for (int i = 0; i < items.length; i++) {
      items[i] = new LASitem(LASitem.Type.fromOrdinal(laz.itemTypes()[i]), laz.itemSizes()[i], laz.itemVersions()[i]);
    }
    LASzip zip = new LASzip();
    zip.compressor = (char) laz.compressor();
    zip.coder = (char) laz.coder();
    zip.num_items = (char) items.length;
    zip.items = items;
    zip.chunk_size = chunked ? pointCount : (int) LazParameters.VARIABLE_CHUNKS;
    LASreadPoint reader = new LASreadPoint(LASzip.LASZIP_DECOMPRESS_SELECTIVE_ALL);
    if (!reader.setup(items.length, items, zip)) {
      throw new LasFormatException("Unsupported LAZ items in " + uri + ": " + laz);
    }
    ByteStreamInArray in = new ByteStreamInArray(input, input.length);
    reader.init(in);
    LASwritePoint writer = new LASwritePoint();
    writer.setup(items.length, items);
    ByteStreamOutArray raw = new ByteStreamOutArray((long) pointCount * recordLength);
    writer.init(raw);
    Object[] record = (Object[]) Array.newInstance(RECORD_TYPE, items.length);
    for (int p = 0; p < pointCount; p++) {
      boolean ok;
      try {
        ok = (boolean) READ.invokeExact(reader, record);
      } catch (RuntimeException e) {
        ok = false;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
      if (!ok) {
        boolean atEnd = in.tell() >= input.length;
        if (atEnd) {
          throw truncated(where, length, p, pointCount);
        }
        throw new LasFormatException("Corrupt LAZ chunk: " + where + " of " + uri + " failed after " + p + " of "
            + pointCount + " points" + (reader.error() == null ? "" : " (" + reader.error() + ")"));
      }
      try {
        boolean written = (boolean) WRITE.invokeExact(writer, record);
      } catch (Throwable e) {
        throw new IllegalStateException("Could not re-encode a LAZ point of " + uri + " as a LAS record", e);
      }
    }
    // The decoder of a well-formed chunk stops exactly at the chunk's last byte (measured on every real file here):
    // anything else means the point count we were given (header or chunk table) disagrees with the data.
    if (chunked && in.tell() != input.length) {
      throw new LasFormatException("Corrupt LAZ chunk: " + where + " of " + uri + " holds " + length + " bytes but "
          + pointCount + " points end after " + (in.tell() - prefix) + " of them (the point count in the header or"
          + " the chunk table disagrees with the data)");
    }
    ByteBuffer data = raw.takeData();
    if (data.position() != pointCount * recordLength && data.limit() < pointCount * recordLength) {
      throw new LasFormatException("LAZ items of " + uri + " decode to " + (data.position() / pointCount)
          + "-byte records, but the header says " + recordLength);
    }
    System.arraycopy(data.array(), data.arrayOffset(), out, 0, pointCount * recordLength);
  }

  private void decodeOwn(byte[] bytes, int offset, int length, int pointCount, byte[] out, String where)
      throws LasFormatException {
    int used;
    try {
      used = own.decode(bytes, offset, length, pointCount, out);
    } catch (LazDataException e) {
      if (e.truncated()) {
        throw truncated(where, length, e.pointsDecoded(), pointCount);
      }
      throw new LasFormatException("Corrupt LAZ chunk: " + where + " of " + uri + " " + e.getMessage());
    } catch (RuntimeException e) {
      // only corrupt data drives the decoder's tables out of their bounds
      throw new LasFormatException("Corrupt LAZ chunk: " + where + " of " + uri + " (" + e + ")");
    }
    if (laz.chunked() && used != length) {
      throw new LasFormatException("Corrupt LAZ chunk: " + where + " of " + uri + " holds " + length + " bytes but "
          + pointCount + " points end after " + used + " of them (the point count in the header or"
          + " the chunk table disagrees with the data)");
    }
  }

  private LasFormatException truncated(String where, int length, int decoded, int pointCount) {
    return new LasFormatException("Truncated LAZ chunk, or a point count that disagrees with the data: " + where
        + " of " + uri + " ran out of its " + length + " bytes after " + decoded + " of the " + pointCount
        + " points the header or chunk table promise");
  }
}
