package io.dataplug.formats.gzip;

import io.dataplug.formats.codec.InflaterEngine;
import io.dataplug.formats.storage.Blob;
import java.io.IOException;
import java.util.zip.DataFormatException;

/**
 * One span of a gzip member between two known block starts, inflated in one libdeflate call (see
 * {@link SpanInflater}), with the window that follows it: how a parallel index build decodes a chunk again once
 * its window is known.
 */
public final class WholeSpan {
  private final byte[] bytes;
  private final byte[] windowAfter;

  private WholeSpan(byte[] bytes, byte[] windowAfter) {
    this.bytes = bytes;
    this.windowAfter = windowAfter;
  }

  /** Whether spans can be inflated here (ISA-L or libdeflate present and its span self-test passed). */
  public static boolean available() {
    return InflateEngines.inflatesSpans(InflaterEngine.AUTO);
  }

  /**
   * Inflates {@code [from, toBit)}, which must be whole deflate blocks of one member (no member boundary inside)
   * decoding to exactly {@code length} bytes.
   */
  public static WholeSpan inflate(Blob blob, ResumePoint from, long toBit, int length) throws IOException {
    long first = from.bitOffset() >>> 3;
    int compressedLength = (int) (((toBit + 7) >>> 3) - first + 1);
    compressedLength = (int) Math.min(compressedLength, blob.length() - first);
    byte[] compressed = new byte[compressedLength];
    blob.readFully(first, compressed, 0, compressedLength);
    try (SpanInflater inflater = SpanInflater.open(InflateEngines.spanEngine(InflaterEngine.AUTO))) {
      byte[] window = from.window();
      int n = inflater.inflate(window, window.length, compressed, compressedLength, from.bitOffset() - first * 8,
          toBit - first * 8, length);
      if (n != length) {
        throw new GzipFormatException(blob.uri(), first, "the deflate blocks from bit " + from.bitOffset() + " to "
            + toBit + " decode to " + n + " bytes, not the " + length + " found before: did the file change?");
      }
      byte[] bytes = new byte[n];
      inflater.copy(0, bytes, 0, n);
      byte[] after = new byte[SpanInflater.WINDOW];
      int windowLength = inflater.windowAfter(after);
      return new WholeSpan(bytes, java.util.Arrays.copyOf(after, windowLength));
    } catch (DataFormatException e) {
      throw new GzipFormatException(blob.uri(), first, "corrupt deflate data between bits " + from.bitOffset()
          + " and " + toBit + ": " + e.getMessage());
    }
  }

  public byte[] bytes() {
    return bytes;
  }

  /** The up to 32 KiB of output before {@code toBit}, the window to resume there. */
  public byte[] windowAfter() {
    return windowAfter;
  }
}
