package io.dataplug.formats.gzip;

import io.dataplug.formats.codec.DecodedSource;
import io.dataplug.formats.codec.Isal;
import io.dataplug.formats.storage.Blob;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a gzip file, or any part of it from a {@link ResumePoint}, across members. Verifies the CRC32 and
 * ISIZE of every member it decodes from the member's start. {@link #read} stops at member starts (and, with the
 * Java engine, at deflate block starts) so that an indexer can take checkpoints there.
 */
public final class GzipDecoder implements DecodedSource {

  /**
   * Which inflater decodes the data: native zlib through {@link Inflater}, the pure-Java decoder, or ISA-L's
   * streaming inflate (from the file's start only: {@link #fromStart}; only where {@link InflateEngines#indexing}
   * says it passed its self-test).
   */
  public enum Engine {
    NATIVE,
    JAVA,
    ISAL
  }

  /** What {@link #read} stopped at, when it returned 0. */
  public enum Boundary {
    NONE,
    MEMBER,
    BLOCK
  }

  private static final int HEADER = 0;
  private static final int DATA = 1;
  private static final int TRAILER = 2;
  private static final int END = 3;

  /** Input given to ISA-L per call while it looks for a block boundary: less than any dynamic block's header. */
  private static final int BOUNDARY_STEP = 16;
  /** Input given to ISA-L per call otherwise. */
  private static final int ISAL_FEED = 1 << 20;
  /** Bytes of input ISA-L buffers ({@code read_in}, 64 bits). */
  private static final int ISAL_BIT_BUFFER = 8;
  private static final int WINDOW = 32768;

  private final ByteSource src;
  private final Engine engine;
  private final String uri;
  private final JavaInflater javaInflater;
  private final GzipHeader.ByteInput headerInput;
  private Inflater nativeInflater;
  private Isal.Stream isal;
  /** The last up to 32 KiB of output (ISA-L engine), a ring at {@link #recentEnd}. */
  private byte[] recent;
  private int recentEnd;
  private long wantedBoundaryFrom = Long.MAX_VALUE;
  private long pendingBoundaryBitOffset;
  private byte[] nativePrefix;
  private long nativeFedEnd;

  private int state;
  private GzipHeader header;
  private boolean memberFromStart;
  private final CRC32 memberCrc = new CRC32();
  private long memberBytes;
  private int members;
  private boolean allBgzf = true;
  private long produced;

  private int pendingStart;
  private int pendingEnd;
  private boolean blockBoundaryAfterPending;
  private boolean streamEndAfterPending;
  private Boundary boundary = Boundary.NONE;
  private long boundaryBitOffset;
  private long memberDataBitOffset = -1;
  private long lastTrailerCrc = -1;
  private long lastTrailerSize = -1;

  private GzipDecoder(Blob blob, ResumePoint from, long compressedEnd, long compressedSoftEnd, Engine engine)
      throws IOException {
    this.uri = blob.uri();
    this.engine = engine;
    int residue = (int) (from.bitOffset() & 7);
    if (engine == Engine.ISAL && (!from.memberStart() || residue != 0)) {
      throw new IllegalArgumentException("the ISA-L streaming engine decodes from member starts only");
    }
    long start = from.bitOffset() >>> 3;
    // ISA-L reads the compressed bytes in place.
    this.src = engine == Engine.ISAL
        ? ByteSource.inNativeMemory(blob, start, compressedEnd, compressedSoftEnd, ByteSource.DEFAULT_CHUNK)
        : new ByteSource(blob, start, compressedEnd, compressedSoftEnd, ByteSource.DEFAULT_CHUNK);
    this.produced = from.uncompressedOffset();
    if (engine == Engine.JAVA) {
      javaInflater = new JavaInflater(src, residue);
      headerInput = javaInflater.alignedBytes();
    } else if (engine == Engine.ISAL) {
      javaInflater = null;
      headerInput = GzipHeader.of(src);
      try {
        isal = Isal.openStream();
      } catch (RuntimeException e) {
        src.close();
        throw e;
      }
      recent = new byte[WINDOW];
    } else {
      javaInflater = null;
      headerInput = GzipHeader.of(src);
    }
    if (from.memberStart()) {
      state = HEADER;
      return;
    }
    state = DATA;
    memberFromStart = false;
    if (engine == Engine.JAVA) {
      javaInflater.presetWindow(from.window());
    } else {
      nativeInflater = new Inflater(true);
      if (from.window().length > 0) {
        nativeInflater.setDictionary(from.window());
      }
      if (residue != 0) {
        int first = src.read();
        if (first < 0) {
          throw new GzipFormatException(uri, from.bitOffset() >>> 3, "truncated: no data at the checkpoint");
        }
        nativePrefix = EmptyBlockPrefix.forResidue(residue, first);
      }
    }
  }

  /** Decodes a whole file from its first byte. */
  public static GzipDecoder fromStart(Blob blob, Engine engine) throws IOException {
    return new GzipDecoder(blob, ResumePoint.FILE_START, blob.length(), blob.length(), engine);
  }

  /** Decodes from a checkpoint, reading compressed bytes no further than {@code compressedEnd}. */
  public static GzipDecoder resume(Blob blob, ResumePoint from, long compressedEnd, Engine engine) throws IOException {
    return new GzipDecoder(blob, from, compressedEnd, compressedEnd, engine);
  }

  /**
   * Decodes from a checkpoint, reading with large requests up to {@code compressedSoftEnd} (where most of the
   * needed data ends) and in small ones after it, never past {@code compressedEnd}.
   */
  public static GzipDecoder resume(Blob blob, ResumePoint from, long compressedEnd, long compressedSoftEnd,
      Engine engine) throws IOException {
    return new GzipDecoder(blob, from, compressedEnd, compressedSoftEnd, engine);
  }

  /** Uncompressed offset of the next byte {@link #read} returns. */
  @Override
  public long position() {
    return produced;
  }

  /** What the last {@code read} that returned 0 stopped at. */
  public Boundary boundary() {
    return boundary;
  }

  /** Bit offset of that boundary in the compressed file. */
  public long boundaryBitOffset() {
    return boundaryBitOffset;
  }

  /** Bit offset of the deflate data of the member last started (right after its header), -1 before any. */
  public long memberDataBitOffset() {
    return memberDataBitOffset;
  }

  /**
   * Asks for a stop at the first deflate block boundary at or after uncompressed offset {@code offset} (for an index
   * checkpoint). The Java engine stops at every block boundary anyway; the ISA-L engine stops only where asked, at
   * the first boundary it can see (it looks a few bytes at a time from there on), until asked again.
   */
  public void wantBlockBoundaryFrom(long offset) {
    wantedBoundaryFrom = offset;
  }

  /** Up to 32 KiB of output preceding the current position in the current member (Java and ISA-L engines). */
  public byte[] window() {
    if (engine != Engine.ISAL) {
      return javaInflater.window();
    }
    int n = (int) Math.min(WINDOW, memberBytes);
    byte[] window = new byte[n];
    int head = Math.min(n, recentEnd);
    System.arraycopy(recent, WINDOW - (n - head), window, 0, n - head);
    System.arraycopy(recent, recentEnd - head, window, n - head, head);
    return window;
  }

  /**
   * At a {@link Boundary#BLOCK} boundary (Java engine): the type of the block that starts there (RFC 1951 section
   * 3.2.3: 0 stored, 1 fixed Huffman, 2 dynamic Huffman).
   */
  public int nextBlockType() throws IOException {
    return javaInflater.peekBlockType();
  }

  /** At a {@link Boundary#BLOCK} boundary (Java engine): {@link GzipChunk#startStoredKey} of the next block. */
  public long nextStoredKey() throws IOException {
    return javaInflater.peekStoredKey();
  }

  /** Compressed offset of the next byte the decoder will consume (approximate inside a member). */
  public long compressedPosition() {
    return src.position();
  }

  /**
   * The CRC32 in the trailer of the member that ended last (-1 before any): checked here for members decoded from
   * their start, left to the caller for the one a resumed decode started inside.
   */
  public long lastTrailerCrc() {
    return lastTrailerCrc;
  }

  /** The ISIZE in that trailer. */
  public long lastTrailerSize() {
    return lastTrailerSize;
  }

  public int members() {
    return members;
  }

  /** True when every member seen so far was a BGZF block whose BSIZE matched its real size. */
  public boolean allMembersBgzf() {
    return allBgzf && members > 0;
  }

  /**
   * Reads decoded bytes. Returns -1 at the end of the gzip data, and 0 when it stopped at a boundary
   * ({@link #boundary()}) before producing anything.
   */
  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    boundary = Boundary.NONE;
    if (len == 0) {
      return 0;
    }
    while (true) {
      switch (state) {
        case HEADER -> {
          long memberStart = headerInput.position();
          header = GzipHeader.read(headerInput, uri);
          if (header == null) {
            if (members == 0 && memberStart == 0) {
              throw new GzipFormatException(uri, 0, "not a gzip file: it is empty");
            }
            state = END;
            continue;
          }
          members++;
          allBgzf &= header.isBgzf();
          memberFromStart = true;
          memberCrc.reset();
          memberBytes = 0;
          startMemberData();
          memberDataBitOffset = headerInput.position() * 8;
          state = DATA;
          boundary = Boundary.MEMBER;
          boundaryBitOffset = memberStart * 8;
          return 0;
        }
        case DATA -> {
          int n = switch (engine) {
            case JAVA -> readJava(b, off, len);
            case ISAL -> readIsal(b, off, len);
            case NATIVE -> readNative(b, off, len);
          };
          if (n > 0) {
            if (memberFromStart) {
              memberCrc.update(b, off, n);
            }
            memberBytes += n;
            produced += n;
            return n;
          }
          if (boundary == Boundary.BLOCK) {
            return 0;
          }
        }
        case TRAILER -> {
          finishMember();
          state = HEADER;
        }
        default -> {
          return -1;
        }
      }
    }
  }

  private void startMemberData() {
    if (engine == Engine.JAVA) {
      javaInflater.startStream();
    } else if (engine == Engine.ISAL) {
      isal.reset();
      pendingStart = 0;
      pendingEnd = 0;
    } else {
      if (nativeInflater == null) {
        nativeInflater = new Inflater(true);
      } else {
        nativeInflater.reset();
      }
    }
  }

  private int readJava(byte[] b, int off, int len) throws IOException {
    while (true) {
      if (pendingStart < pendingEnd) {
        int n = Math.min(len, pendingEnd - pendingStart);
        System.arraycopy(javaInflater.buffer(), pendingStart, b, off, n);
        pendingStart += n;
        return n;
      }
      if (blockBoundaryAfterPending) {
        blockBoundaryAfterPending = false;
        boundary = Boundary.BLOCK;
        boundaryBitOffset = javaInflater.bitPosition();
        return 0;
      }
      if (streamEndAfterPending) {
        streamEndAfterPending = false;
        javaInflater.alignToByte();
        state = TRAILER;
        return 0;
      }
      int status = javaInflater.inflate();
      pendingStart = javaInflater.outputStart();
      pendingEnd = javaInflater.outputEnd();
      if (status == JavaInflater.BLOCK_END) {
        blockBoundaryAfterPending = true;
      } else if (status == JavaInflater.STREAM_END) {
        streamEndAfterPending = true;
      }
    }
  }

  private int readIsal(byte[] b, int off, int len) throws IOException {
    Isal.Stream stream = isal;
    while (true) {
      if (pendingStart < pendingEnd) {
        int n = Math.min(len, pendingEnd - pendingStart);
        stream.readOutput(pendingStart, b, off, n);
        pendingStart += n;
        remember(b, off, n);
        return n;
      }
      if (blockBoundaryAfterPending) {
        blockBoundaryAfterPending = false;
        boundary = Boundary.BLOCK;
        boundaryBitOffset = pendingBoundaryBitOffset;
        return 0;
      }
      if (stream.finished()) {
        src.pos = (int) (nativeFedEnd - src.bufStart) - stream.bytesAfterEnd();
        state = TRAILER;
        return 0;
      }
      if (stream.availIn() == 0) {
        if (src.pos >= src.limit && !fillKeepingBitBuffer()) {
          throw new GzipFormatException(uri, src.position(),
              "truncated: the compressed data ends inside a deflate stream");
        }
        int n = Math.min(ISAL_FEED, src.limit - src.pos);
        stream.feed(src.nativeBuf, src.pos, n);
        src.pos += n;
        nativeFedEnd = src.position();
      }
      boolean looking = produced >= wantedBoundaryFrom;
      int maxOutput = (int) Math.min(Integer.MAX_VALUE, looking ? Integer.MAX_VALUE : wantedBoundaryFrom - produced);
      try {
        pendingEnd = stream.inflate(looking ? BOUNDARY_STEP : Integer.MAX_VALUE, maxOutput);
      } catch (DataFormatException e) {
        throw new GzipFormatException(uri, nativeFedEnd - stream.availIn(), "corrupt deflate data: " + e.getMessage());
      }
      pendingStart = 0;
      if (looking) {
        long bitsBack = stream.boundaryBitsBeforeInputEnd();
        long at = nativeFedEnd * 8 - bitsBack;
        // Not the member's first block: its start is the member boundary, reported before.
        boolean insideMember = memberBytes + pendingEnd > 0;
        if (bitsBack >= 0 && insideMember && !stream.finished() && at != pendingBoundaryBitOffset) {
          blockBoundaryAfterPending = true;
          pendingBoundaryBitOffset = at;
        }
      }
    }
  }

  /**
   * Refills the compressed buffer keeping the last {@value #ISAL_BIT_BUFFER} bytes fed: ISA-L may still hold that many
   * in its bit buffer when its stream ends (the start of the gzip trailer), to be read again from here.
   */
  private boolean fillKeepingBitBuffer() throws IOException {
    int kept = Math.min(ISAL_BIT_BUFFER, src.pos);
    src.pos -= kept;
    boolean more = src.fill();
    src.pos += kept;
    return more;
  }

  /** Keeps the last 32 KiB of output for {@link #window()}. */
  private void remember(byte[] b, int off, int n) {
    int from = off + Math.max(0, n - WINDOW);
    int count = Math.min(n, WINDOW);
    int first = Math.min(count, WINDOW - recentEnd);
    System.arraycopy(b, from, recent, recentEnd, first);
    System.arraycopy(b, from + first, recent, 0, count - first);
    recentEnd = (recentEnd + count) % WINDOW;
  }

  private int readNative(byte[] b, int off, int len) throws IOException {
    Inflater inflater = nativeInflater;
    while (true) {
      if (inflater.finished()) {
        src.pos = (int) (nativeFedEnd - src.bufStart) - inflater.getRemaining();
        state = TRAILER;
        return 0;
      }
      if (inflater.needsInput()) {
        if (nativePrefix != null) {
          inflater.setInput(nativePrefix);
          nativePrefix = null;
          nativeFedEnd = src.position();
        } else {
          if (src.pos >= src.limit && !src.fill()) {
            throw new GzipFormatException(uri, src.position(), "truncated: the compressed data ends inside a deflate stream");
          }
          inflater.setInput(src.buf, src.pos, src.limit - src.pos);
          src.pos = src.limit;
          nativeFedEnd = src.position();
        }
      }
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        long at = nativeFedEnd - inflater.getRemaining();
        throw new GzipFormatException(uri, at, "corrupt deflate data: " + e.getMessage());
      }
      if (n > 0) {
        return n;
      }
      if (inflater.needsDictionary()) {
        throw new GzipFormatException(uri, src.position(), "corrupt deflate data: asks for a dictionary");
      }
    }
  }

  private void finishMember() throws IOException {
    long[] trailer = GzipHeader.readTrailer(headerInput, uri, header == null ? -1 : header.start());
    lastTrailerCrc = trailer[0];
    lastTrailerSize = trailer[1];
    long end = headerInput.position();
    if (memberFromStart) {
      if (trailer[0] != memberCrc.getValue()) {
        throw new GzipFormatException(uri, end - 8, String.format(
            "CRC32 mismatch in the gzip member that starts at byte %d: trailer says %08x, data gives %08x",
            header.start(), trailer[0], memberCrc.getValue()));
      }
      if (trailer[1] != (memberBytes & 0xFFFFFFFFL)) {
        throw new GzipFormatException(uri, end - 4, "ISIZE mismatch in the gzip member that starts at byte "
            + header.start() + ": trailer says " + trailer[1] + ", data gives " + memberBytes);
      }
      if (header.isBgzf() && end - header.start() != header.bgzfBlockSize()) {
        allBgzf = false;
      }
    } else {
      allBgzf = false;
    }
  }

  @Override
  public void close() {
    if (nativeInflater != null) {
      nativeInflater.end();
    }
    if (isal != null) {
      isal.close();
    }
    src.close();
  }
}
