package io.dataplug.formats.cog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One image file directory: its entries as read (type, count, and the value bytes inline or their offset), with
 * typed accessors that fetch out-of-line values on demand (TIFF 6.0 section 2; BigTIFF: 8-byte counts and offsets).
 */
final class Ifd {
  /** One entry: field type (1 BYTE ... 18 IFD8), value count, and its bytes or where they are. */
  private record Entry(int type, long count, ByteBuffer inline, long offset) {}

  private static final int[] TYPE_SIZES = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8};

  final int number;
  final long offset;
  final long nextOffset;
  private final TiffBytes bytes;
  private final Map<Integer, Entry> entries = new HashMap<>();

  private Ifd(int number, long offset, long nextOffset, TiffBytes bytes) {
    this.number = number;
    this.offset = offset;
    this.nextOffset = nextOffset;
    this.bytes = bytes;
  }

  /** Reads the IFD at {@code offset}: classic (12-byte entries) or BigTIFF (20-byte entries). */
  static Ifd read(TiffBytes bytes, int number, long offset, boolean bigTiff) throws IOException {
    String what = "IFD " + number;
    ByteBuffer countBytes = bytes.read(offset, bigTiff ? 8 : 2, what);
    long count = bigTiff ? countBytes.getLong(0) : countBytes.getShort(0) & 0xFFFF;
    int entrySize = bigTiff ? 20 : 12;
    int pointer = bigTiff ? 8 : 4;
    long start = offset + (bigTiff ? 8 : 2);
    if (count > 100_000) {
      throw new CogFormatException(bytes.uri() + ": " + what + " at byte " + offset + " claims " + count
          + " entries");
    }
    ByteBuffer table = bytes.read(start, count * entrySize + pointer, what);
    long next = bigTiff ? table.getLong((int) count * entrySize) : table.getInt((int) count * entrySize) & 0xFFFFFFFFL;
    Ifd ifd = new Ifd(number, offset, next, bytes);
    for (int i = 0; i < count; i++) {
      int at = i * entrySize;
      int tag = table.getShort(at) & 0xFFFF;
      int type = table.getShort(at + 2) & 0xFFFF;
      long values = bigTiff ? table.getLong(at + 4) : table.getInt(at + 4) & 0xFFFFFFFFL;
      int valueAt = at + (bigTiff ? 12 : 8);
      int size = type < TYPE_SIZES.length ? TYPE_SIZES[type] : 0;
      if (size == 0) {
        continue; // a type this reader has no use for
      }
      long total = values * size;
      if (total <= pointer) {
        ByteBuffer inline = table.duplicate().position(valueAt).limit(valueAt + pointer).slice()
            .order(table.order());
        ifd.entries.put(tag, new Entry(type, values, inline, -1));
      } else {
        long valueOffset = bigTiff ? table.getLong(valueAt) : table.getInt(valueAt) & 0xFFFFFFFFL;
        ifd.entries.put(tag, new Entry(type, values, null, valueOffset));
      }
    }
    return ifd;
  }

  boolean has(int tag) {
    return entries.containsKey(tag);
  }

  private ByteBuffer values(int tag, Entry e) throws IOException {
    if (e.inline != null) {
      return e.inline.duplicate().order(e.inline.order());
    }
    return bytes.read(e.offset, e.count * TYPE_SIZES[e.type], "tag " + tag + " of IFD " + number);
  }

  /** An integer tag's values (BYTE, SHORT, LONG, LONG8, signed kinds, IFD offsets); null when absent. */
  long[] longs(int tag) throws IOException {
    Entry e = entries.get(tag);
    if (e == null) {
      return null;
    }
    ByteBuffer b = values(tag, e);
    long[] out = new long[Math.toIntExact(e.count)];
    for (int i = 0; i < out.length; i++) {
      out[i] = switch (e.type) {
        case 1, 7 -> b.get(i) & 0xFF;
        case 6 -> b.get(i);
        case 3 -> b.getShort(i * 2) & 0xFFFF;
        case 8 -> b.getShort(i * 2);
        case 4, 13 -> b.getInt(i * 4) & 0xFFFFFFFFL;
        case 9 -> b.getInt(i * 4);
        case 16, 17, 18 -> b.getLong(i * 8);
        default -> throw new CogFormatException(bytes.uri() + ": tag " + tag + " of IFD " + number + " has type "
            + e.type + ", not an integer type");
      };
    }
    return out;
  }

  long longValue(int tag, long defaultValue) throws IOException {
    long[] v = longs(tag);
    return v == null || v.length == 0 ? defaultValue : v[0];
  }

  /** A floating-point tag's values (DOUBLE, FLOAT, RATIONAL); null when absent. */
  double[] doubles(int tag) throws IOException {
    Entry e = entries.get(tag);
    if (e == null) {
      return null;
    }
    ByteBuffer b = values(tag, e);
    double[] out = new double[Math.toIntExact(e.count)];
    for (int i = 0; i < out.length; i++) {
      out[i] = switch (e.type) {
        case 12 -> b.getDouble(i * 8);
        case 11 -> b.getFloat(i * 4);
        case 5 -> (b.getInt(i * 8) & 0xFFFFFFFFL) / (double) (b.getInt(i * 8 + 4) & 0xFFFFFFFFL);
        case 10 -> b.getInt(i * 8) / (double) b.getInt(i * 8 + 4);
        default -> longs(tag)[i];
      };
    }
    return out;
  }

  /** An ASCII tag's text without its trailing NUL; null when absent. */
  String ascii(int tag) throws IOException {
    byte[] raw = raw(tag);
    if (raw == null) {
      return null;
    }
    int end = raw.length;
    while (end > 0 && raw[end - 1] == 0) {
      end--;
    }
    return new String(raw, 0, end, StandardCharsets.ISO_8859_1);
  }

  /** A tag's value bytes as stored (JPEGTables); null when absent. */
  byte[] raw(int tag) throws IOException {
    Entry e = entries.get(tag);
    if (e == null) {
      return null;
    }
    ByteBuffer b = values(tag, e);
    byte[] out = new byte[Math.toIntExact(e.count * TYPE_SIZES[e.type])];
    b.get(0, out);
    return out;
  }
}
