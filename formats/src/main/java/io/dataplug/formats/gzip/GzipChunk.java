package io.dataplug.formats.gzip;

import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobIdentity;
import io.dataplug.formats.storage.ReadStats;
import java.io.IOException;
import java.io.Serializable;

/**
 * What decoding one chunk of a gzip file's compressed bytes without its window found (the first step of a
 * parallel index build): where its first block starts, where decoding stopped (the first member or dynamic or
 * stored block start at or after the chunk's end, so that it meets the next chunk's start), how many bytes that is,
 * and the last 32 KiB of output with markers for the bytes of the window not known yet.
 *
 * @param found whether a start was found in the chunk (a chunk inside one long block has none; the chunk before
 *     decodes through it)
 * @param startBit bit offset of the first member or block start in the chunk
 * @param startsMember whether that is a gzip member header
 * @param endBit where decoding stopped: the next chunk's expected start, or the file length in bits at the end
 * @param endsMember whether a gzip member header is at {@code endBit}
 * @param endOfData whether the gzip data ended before {@code endBit}
 * @param handedOff whether decoding stopped early, at {@code endBit}, where the window became known (no marker in
 *     its 32 KiB, or a member start): the caller decodes the rest of the chunk with bytes, which is faster
 * @param decodedBytes bytes decoded from {@code startBit} to {@code endBit}
 * @param memberEndsInside whether a gzip member ends between {@code startBit} and {@code endBit}
 * @param memberStartedInside whether a member started after {@code startBit} (then {@code tail} has no markers)
 * @param tail the last up to 32 KiB of output before {@code endBit} since {@code startBit} (or the last member
 *     start), as {@link MarkerInflater} symbols
 * @param startStoredKey for a stored block at {@code startBit}, its {@link MarkerInflater#peekStoredKey}; else -1
 * @param endStoredKey the same for a stored block at {@code endBit}
 */
public record GzipChunk(
    long chunkStart,
    boolean found,
    long startBit,
    boolean startsMember,
    long endBit,
    boolean endsMember,
    boolean endOfData,
    boolean handedOff,
    long decodedBytes,
    boolean memberEndsInside,
    boolean memberStartedInside,
    char[] tail,
    long startStoredKey,
    long endStoredKey)
    implements Serializable {

  /** Bytes read ahead past a chunk's end in the first request: decoding usually stops within a block of it. */
  private static final int OVERREAD = 256 * 1024;

  /**
   * Decodes the chunk {@code [chunkStart, chunkEnd)} of a gzip file; the chunk at offset 0 starts at the first
   * member. Throws when the data from a confirmed start is corrupt or truncated.
   */
  public static GzipChunk scan(Blob blob, long chunkStart, long chunkEnd) throws IOException {
    return scan(blob, chunkStart, chunkEnd, true);
  }

  /** @param handOff whether to stop where the window becomes known (tests decode whole chunks with markers) */
  static GzipChunk scan(Blob blob, long chunkStart, long chunkEnd, boolean handOff) throws IOException {
    long length = blob.length();
    int prefetch = (int) Math.min(length - chunkStart, chunkEnd - chunkStart + OVERREAD);
    byte[] bytes = new byte[prefetch];
    blob.readFully(chunkStart, bytes, 0, prefetch);
    Blob data = new Prefetched(blob, chunkStart, bytes);
    if (chunkStart == 0) {
      return decode(data, 0, 0, true, chunkEnd * 8, handOff);
    }
    BlockFinder finder = new BlockFinder(bytes, chunkStart);
    long from = chunkStart * 8;
    while (true) {
      long candidate = finder.next(from, chunkEnd * 8);
      if (candidate < 0) {
        return notFound(chunkStart);
      }
      Boolean isMember = confirm(data, candidate);
      if (isMember != null) {
        try {
          return decode(data, chunkStart, candidate, isMember, chunkEnd * 8, handOff);
        } catch (GzipFormatException e) {
          // A false start that decoded for two blocks, or corrupt data after a true one: either way the chunk
          // before will not end here, and the index build falls back to one sequential pass that says which.
        }
      }
      from = candidate + 1;
    }
  }

  /**
   * Decodes the chunk {@code [chunkStart, chunkEnd)} from a start known to be true (where the chunk before
   * stopped), when the start found in it was not: a block or member header inside stored data, for example.
   */
  public static GzipChunk scanFrom(Blob blob, long chunkStart, long chunkEnd, long startBit, boolean member)
      throws IOException {
    return decode(blob, chunkStart, startBit, member, chunkEnd * 8, true);
  }

  /** A chunk in which no start was found. */
  public static GzipChunk notFound(long chunkStart) {
    return new GzipChunk(chunkStart, false, -1, false, -1, false, false, false, 0, false, false, new char[0], -1, -1);
  }

  /**
   * Whether a block of this type (RFC 1951 section 3.2.3) is where a chunk may start: dynamic or stored, the kinds
   * {@link BlockFinder} looks for.
   */
  public static boolean canStartChunk(int blockType) {
    return blockType == DeflateBits.DYNAMIC || blockType == DeflateBits.STORED;
  }

  /** Whether the data from {@code bit} decodes as a member (true) or blocks (false) for two blocks; null if not. */
  private static Boolean confirm(Blob data, long bit) {
    try {
      if ((bit & 7) == 0 && looksLikeMember(data, bit >>> 3)) {
        ByteSource source = new ByteSource(data, bit >>> 3, data.length(), 64 * 1024);
        MarkerInflater inflater = new MarkerInflater(source, 0, false, MarkerInflater.CONFIRM_BUFFER);
        if (GzipHeader.read(inflater.alignedBytes(), data.uri()) != null) {
          inflater.decodeBlock();
          return true;
        }
      }
      ByteSource source = new ByteSource(data, bit >>> 3, data.length(), 64 * 1024);
      MarkerInflater inflater = new MarkerInflater(source, (int) (bit & 7), true, MarkerInflater.CONFIRM_BUFFER);
      boolean dynamic = inflater.peekBlockType() == DeflateBits.DYNAMIC;
      boolean last = inflater.decodeBlock();
      if (dynamic && !inflater.lastCodesComplete()) {
        return null;
      }
      if (last) {
        inflater.alignToByte();
        GzipHeader.readTrailer(inflater.alignedBytes(), data.uri(), -1);
        GzipHeader.read(inflater.alignedBytes(), data.uri());
      } else {
        if (inflater.peekBlockType() == 3) {
          return null;
        }
        inflater.decodeBlock();
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static boolean looksLikeMember(Blob data, long at) throws IOException {
    if (at + 3 > data.length()) {
      return false;
    }
    byte[] magic = new byte[3];
    data.readFully(at, magic, 0, 3);
    return (magic[0] & 0xFF) == 0x1f && (magic[1] & 0xFF) == 0x8b && magic[2] == 8;
  }

  private static GzipChunk decode(Blob data, long chunkStart, long start, boolean member, long stopBit,
      boolean handOff) throws IOException {
    ByteSource source = new ByteSource(data, start >>> 3, data.length(), ByteSource.DEFAULT_CHUNK);
    MarkerInflater inflater = new MarkerInflater(source, (int) (start & 7), !member,
        MarkerInflater.CHUNK_BUFFER);
    if (member && handOff) {
      // Nothing before a member start is referenced: decoding with bytes can start right there.
      return handOff(chunkStart, start, true, start, true, inflater, -1);
    }
    GzipHeader.ByteInput aligned = inflater.alignedBytes();
    if (member) {
      if (GzipHeader.read(aligned, data.uri()) == null) {
        throw new GzipFormatException(data.uri(), start >>> 3, "not a gzip file: it is empty");
      }
      inflater.startStream();
    }
    long startStoredKey = member ? -1 : inflater.peekStoredKey();
    while (true) {
      long position = inflater.bitPosition();
      if (position != start) {
        if (position >= stopBit) {
          if (canStartChunk(inflater.peekBlockType())) {
            return result(chunkStart, start, member, position, false, false, inflater, startStoredKey,
                inflater.peekStoredKey());
          }
        } else if (handOff && inflater.windowKnown()) {
          return handOff(chunkStart, start, false, position, false, inflater, startStoredKey);
        }
      }
      if (inflater.decodeBlock()) {
        inflater.endStream();
        inflater.alignToByte();
        GzipHeader.readTrailer(aligned, data.uri(), -1);
        long next = aligned.position();
        // The gzip decoder's rule for what may follow a member: another member, or nothing but zero padding.
        if (GzipHeader.read(aligned, data.uri()) == null) {
          return result(chunkStart, start, member, data.length() * 8, false, true, inflater, startStoredKey,
              -1);
        }
        if (next * 8 >= stopBit) {
          return result(chunkStart, start, member, next * 8, true, false, inflater, startStoredKey, -1);
        }
        if (handOff) {
          // The byte decoder starts again at the member's header.
          return handOff(chunkStart, start, false, next * 8, true, inflater, startStoredKey);
        }
        inflater.startStream();
      }
    }
  }

  private static GzipChunk result(long chunkStart, long start, boolean member, long end, boolean endsMember,
      boolean endOfData, MarkerInflater inflater, long startStoredKey, long endStoredKey) {
    return new GzipChunk(chunkStart, true, start, member, end, endsMember, endOfData, false, inflater.decoded(),
        inflater.streamsEnded() > 0, member || inflater.streamStartedInside(), inflater.tail(), startStoredKey, endStoredKey);
  }

  /** Decoding stopped before the chunk's end at {@code at}, a block or member start, where its window is known. */
  private static GzipChunk handOff(long chunkStart, long start, boolean member, long at, boolean atMember,
      MarkerInflater inflater, long startStoredKey) {
    return new GzipChunk(chunkStart, true, start, member, at, atMember, false, true, inflater.decoded(),
        inflater.streamsEnded() > 0, true, inflater.tail(), startStoredKey, -1);
  }

  /** After a hand-off: the window at {@link #endBit} as bytes (empty at a member start). */
  public byte[] knownWindow() {
    if (!handedOff) {
      throw new IllegalStateException("the window is known only where decoding handed off");
    }
    return endsMember ? new byte[0] : MarkerInflater.resolve(tail, new byte[0]);
  }

  /** The last byte decoded before {@link #endBit}, or -1 when none is known (none decoded, or a marker). */
  public int lastByte() {
    return tail.length == 0 || tail[tail.length - 1] >= MarkerInflater.MARKER_BASE ? -1 : tail[tail.length - 1];
  }

  /**
   * Whether this chunk starts where the chunk before stopped (at {@code endBit}, with {@code endStoredKey}): at the
   * same bit, or at the same stored block found a bit or two off (the chunk before's bit is the true one: it decoded
   * up to it).
   */
  public boolean startsAt(long endBit, long endStoredKey) {
    return startBit == endBit || (startStoredKey >= 0 && startStoredKey == endStoredKey);
  }

  /**
   * The output's last up to 32 KiB before {@link #endBit}, as bytes, given those before {@link #startBit} (empty at
   * a member start); null when a marker names a byte the window does not have.
   */
  public byte[] windowAfter(byte[] windowBefore) {
    if (memberStartedInside) {
      return MarkerInflater.resolve(tail, new byte[0]);
    }
    byte[] resolved = MarkerInflater.resolve(tail, windowBefore);
    if (resolved == null) {
      return null;
    }
    int keep = Math.min(MarkerInflater.WINDOW, windowBefore.length + resolved.length);
    byte[] window = new byte[keep];
    int fromBefore = keep - resolved.length;
    if (fromBefore > 0) {
      System.arraycopy(windowBefore, windowBefore.length - fromBefore, window, 0, fromBefore);
      System.arraycopy(resolved, 0, window, fromBefore, resolved.length);
    } else {
      System.arraycopy(resolved, resolved.length - keep, window, 0, keep);
    }
    return window;
  }

  /** Bytes of a blob read once, the rest read through. */
  private static final class Prefetched implements Blob {
    private final Blob blob;
    private final long base;
    private final byte[] bytes;

    Prefetched(Blob blob, long base, byte[] bytes) {
      this.blob = blob;
      this.base = base;
      this.bytes = bytes;
    }

    @Override
    public String uri() {
      return blob.uri();
    }

    @Override
    public BlobIdentity identity() {
      return blob.identity();
    }

    @Override
    public void readFully(long position, byte[] buffer, int offset, int len) throws IOException {
      long cachedEnd = base + bytes.length;
      if (position >= base && position + len <= cachedEnd) {
        System.arraycopy(bytes, (int) (position - base), buffer, offset, len);
        return;
      }
      if (position >= base && position < cachedEnd) {
        int inCache = (int) (cachedEnd - position);
        System.arraycopy(bytes, (int) (position - base), buffer, offset, inCache);
        blob.readFully(cachedEnd, buffer, offset + inCache, len - inCache);
        return;
      }
      blob.readFully(position, buffer, offset, len);
    }

    @Override
    public ReadStats stats() {
      return blob.stats();
    }

    @Override
    public void close() {}
  }
}
