package io.dataplug.formats.index;

import io.dataplug.formats.codec.Codec;
import io.dataplug.formats.codec.Inflating;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobIdentity;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A sidecar index: which bytes it describes, and its checkpoints. The binary container is
 *
 * <pre>
 *   magic "DPLGIDX\n" | u32 version | u32 header length | header | checkpoint table | u32 CRC32(header + table)
 *   | windows (raw deflate, each verified by the CRC32 in its entry)
 * </pre>
 *
 * so that planning reads the header and table (one small ranged read) and a task fetches only its own window.
 * Version 2 adds, at the end of the header, a format's own table (u32 length, bytes), such as FASTA's contigs;
 * indexes without one are still written as version 1.
 */
public final class FileIndex {
  public static final int VERSION = 2;
  /** The layout of indexes without a format table. */
  static final int VERSION_WITHOUT_TABLE = 1;
  static final byte[] MAGIC = "DPLGIDX\n".getBytes(StandardCharsets.US_ASCII);
  static final int ENTRY_BYTES = 8 + 8 + 1 + 4 + 8 + 8 + 4 + 8 + 4 + 4 + 4;
  private static final int FIRST_READ = 64 * 1024;

  private final String format;
  private final Codec codec;
  private final BlobIdentity identity;
  private final long span;
  private final long uncompressedLength;
  private final long recordCount;
  private final List<Checkpoint> checkpoints;
  private final long sizeInBytes;
  private final byte[] formatTable;

  public FileIndex(String format, Codec codec, BlobIdentity identity, long span, long uncompressedLength,
      long recordCount, List<Checkpoint> checkpoints, long sizeInBytes) {
    this(format, codec, identity, span, uncompressedLength, recordCount, checkpoints, sizeInBytes, null);
  }

  /** @param formatTable the format's own table (its scanner's {@link RecordScanner#formatTable()}), or null */
  public FileIndex(String format, Codec codec, BlobIdentity identity, long span, long uncompressedLength,
      long recordCount, List<Checkpoint> checkpoints, long sizeInBytes, byte[] formatTable) {
    this.formatTable = formatTable;
    this.format = format;
    this.codec = codec;
    this.identity = identity;
    this.span = span;
    this.uncompressedLength = uncompressedLength;
    this.recordCount = recordCount;
    this.checkpoints = Collections.unmodifiableList(new ArrayList<>(checkpoints));
    this.sizeInBytes = sizeInBytes;
  }

  public String format() {
    return format;
  }

  public Codec codec() {
    return codec;
  }

  public BlobIdentity identity() {
    return identity;
  }

  public long span() {
    return span;
  }

  public long uncompressedLength() {
    return uncompressedLength;
  }

  public long recordCount() {
    return recordCount;
  }

  public List<Checkpoint> checkpoints() {
    return checkpoints;
  }

  /** The format's own table (version 2), or null. */
  public byte[] formatTable() {
    return formatTable;
  }

  /** Size of the index file in bytes. */
  public long sizeInBytes() {
    return sizeInBytes;
  }

  /**
   * Writes the container; {@code windows.get(i)} is checkpoint i's compressed window or null. Returns the index
   * with each checkpoint's window position filled in.
   */
  static FileIndex write(OutputStream out, FileIndex index, List<byte[]> windows) throws IOException {
    List<Checkpoint> entries = index.checkpoints;
    ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
    DataOutputStream header = new DataOutputStream(headerBytes);
    header.writeUTF(index.format);
    header.writeByte(index.codec.ordinal());
    header.writeLong(index.identity.length());
    header.writeUTF(index.identity.version());
    header.writeLong(index.span);
    header.writeLong(index.uncompressedLength);
    header.writeLong(index.recordCount);
    header.writeInt(entries.size());
    if (index.formatTable != null) {
      header.writeInt(index.formatTable.length);
      header.write(index.formatTable);
    }
    header.flush();
    long windowsStart = MAGIC.length + 8L + headerBytes.size() + (long) entries.size() * ENTRY_BYTES + 4;

    ByteArrayOutputStream tableBytes = new ByteArrayOutputStream(entries.size() * ENTRY_BYTES);
    DataOutputStream table = new DataOutputStream(tableBytes);
    long windowAt = windowsStart;
    List<Checkpoint> positioned = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Checkpoint e = entries.get(i);
      byte[] window = windows.get(i);
      positioned.add(new Checkpoint(e.bitOffset(), e.uncompressedOffset(), e.memberStart(), e.spanCrc(),
          e.recordOffset(), e.recordOrdinal(), e.headCrc(), window == null ? -1 : windowAt,
          window == null ? 0 : window.length, e.windowRawLength(), e.windowCrc()));
      table.writeLong(e.bitOffset());
      table.writeLong(e.uncompressedOffset());
      table.writeBoolean(e.memberStart());
      table.writeInt(e.spanCrc());
      table.writeLong(e.recordOffset());
      table.writeLong(e.recordOrdinal());
      table.writeInt(e.headCrc());
      table.writeLong(window == null ? -1 : windowAt);
      table.writeInt(window == null ? 0 : window.length);
      table.writeInt(e.windowRawLength());
      table.writeInt(e.windowCrc());
      if (window != null) {
        windowAt += window.length;
      }
    }
    table.flush();
    CRC32 crc = new CRC32();
    crc.update(headerBytes.toByteArray());
    crc.update(tableBytes.toByteArray());

    DataOutputStream data = new DataOutputStream(out);
    data.write(MAGIC);
    data.writeInt(index.formatTable != null ? VERSION : VERSION_WITHOUT_TABLE);
    data.writeInt(headerBytes.size());
    headerBytes.writeTo(data);
    tableBytes.writeTo(data);
    data.writeInt((int) crc.getValue());
    for (byte[] window : windows) {
      if (window != null) {
        data.write(window);
      }
    }
    data.flush();
    return new FileIndex(index.format, index.codec, index.identity, index.span, index.uncompressedLength,
        index.recordCount, positioned, windowAt, index.formatTable);
  }

  /** Reads the header and checkpoint table, not the windows. */
  public static FileIndex read(Blob indexBlob) throws IOException {
    String uri = indexBlob.uri();
    long length = indexBlob.length();
    if (length < MAGIC.length + 12) {
      throw corrupt(uri, "it is only " + length + " bytes long");
    }
    byte[] first = new byte[(int) Math.min(length, FIRST_READ)];
    indexBlob.readFully(0, first, 0, first.length);
    if (!Arrays.equals(first, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw corrupt(uri, "it does not start with the dataplug index magic bytes");
    }
    DataInputStream prelude = new DataInputStream(new ByteArrayInputStream(first, MAGIC.length, 8));
    int version = prelude.readInt();
    int headerLength = prelude.readInt();
    if (version != VERSION && version != VERSION_WITHOUT_TABLE) {
      throw new IndexFormatException(uri + ": index version " + version + " is not supported (this reader knows "
          + VERSION + "); rebuild it with index=rebuild");
    }
    int headerStart = MAGIC.length + 8;
    if (headerLength < 0 || headerStart + (long) headerLength > length) {
      throw corrupt(uri, "its header length " + headerLength + " is impossible");
    }
    byte[] all = first;
    if (headerStart + headerLength + 4L > all.length) {
      all = new byte[headerStart + headerLength + 4];
      indexBlob.readFully(0, all, 0, all.length);
    }
    DataInputStream header = new DataInputStream(new ByteArrayInputStream(all, headerStart, headerLength));
    String format = header.readUTF();
    int codecOrdinal = header.readUnsignedByte();
    if (codecOrdinal >= Codec.values().length) {
      throw corrupt(uri, "unknown codec " + codecOrdinal);
    }
    Codec codec = Codec.values()[codecOrdinal];
    BlobIdentity identity = new BlobIdentity(header.readLong(), header.readUTF());
    long span = header.readLong();
    long uncompressedLength = header.readLong();
    long recordCount = header.readLong();
    int count = header.readInt();
    byte[] formatTable = null;
    if (version >= 2) {
      int tableLength = header.readInt();
      if (tableLength < 0 || tableLength > headerLength) {
        throw corrupt(uri, "its format table length " + tableLength + " is impossible");
      }
      formatTable = header.readNBytes(tableLength);
    }
    long tableStart = headerStart + (long) headerLength;
    long tableEnd = tableStart + (long) count * ENTRY_BYTES;
    if (count < 0 || tableEnd + 4 > length) {
      throw corrupt(uri, "its checkpoint table of " + count + " entries does not fit in " + length + " bytes");
    }
    if (tableEnd + 4 > all.length) {
      byte[] bigger = new byte[(int) (tableEnd + 4)];
      System.arraycopy(all, 0, bigger, 0, all.length);
      indexBlob.readFully(all.length, bigger, all.length, bigger.length - all.length);
      all = bigger;
    }
    CRC32 crc = new CRC32();
    crc.update(all, headerStart, (int) (tableEnd - headerStart));
    int stored = new DataInputStream(new ByteArrayInputStream(all, (int) tableEnd, 4)).readInt();
    if (stored != (int) crc.getValue()) {
      throw corrupt(uri, "the CRC32 of its header and checkpoint table does not match");
    }
    DataInputStream table = new DataInputStream(new ByteArrayInputStream(all, (int) tableStart, (int) (tableEnd - tableStart)));
    List<Checkpoint> checkpoints = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      checkpoints.add(new Checkpoint(table.readLong(), table.readLong(), table.readBoolean(), table.readInt(),
          table.readLong(), table.readLong(), table.readInt(), table.readLong(), table.readInt(), table.readInt(),
          table.readInt()));
    }
    return new FileIndex(format, codec, identity, span, uncompressedLength, recordCount, checkpoints, length,
        formatTable);
  }

  /** Fetches and inflates one checkpoint's window by a ranged read of the index file. */
  public static byte[] readWindow(Blob indexBlob, Checkpoint checkpoint) throws IOException {
    if (!checkpoint.hasWindow()) {
      return new byte[0];
    }
    byte[] compressed = new byte[checkpoint.windowLength()];
    indexBlob.readFully(checkpoint.windowPosition(), compressed, 0, compressed.length);
    byte[] window = new byte[checkpoint.windowRawLength()];
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(compressed);
      if (Inflating.inflate(inflater, window, window.length) != window.length) {
        throw corrupt(indexBlob.uri(), "the window at byte " + checkpoint.windowPosition() + " is short");
      }
    } catch (DataFormatException e) {
      throw corrupt(indexBlob.uri(), "the window at byte " + checkpoint.windowPosition() + " does not inflate");
    } finally {
      inflater.end();
    }
    CRC32 crc = new CRC32();
    crc.update(window);
    if ((int) crc.getValue() != checkpoint.windowCrc()) {
      throw corrupt(indexBlob.uri(), "the CRC32 of the window at byte " + checkpoint.windowPosition() + " does not match");
    }
    return window;
  }

  static IndexFormatException corrupt(String uri, String why) {
    return new IndexFormatException("Corrupt index " + uri + ": " + why + ". Delete it or rebuild it with index=rebuild.");
  }
}
