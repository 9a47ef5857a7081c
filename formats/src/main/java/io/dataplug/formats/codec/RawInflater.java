package io.dataplug.formats.codec;

import java.util.zip.DataFormatException;

/**
 * A native decoder of whole raw DEFLATE streams (libdeflate or ISA-L) that keeps its output in native memory for
 * reading back; one per thread, closed when done.
 */
public interface RawInflater extends AutoCloseable {
  /** What {@link #inflateRaw} returns for a stream longer than the output allowed. */
  int MORE_THAN_FITS = -1;

  /**
   * Decodes the raw DEFLATE stream {@code in[0, inLength)}, which must end with a final block; returns the bytes
   * produced, or {@link #MORE_THAN_FITS} when it holds more than {@code outLength}.
   */
  int inflateRaw(byte[] in, int inLength, long outLength) throws DataFormatException;

  /** Copies bytes {@code [from, from + n)} of the last output into {@code b}. */
  void readOutput(long from, byte[] b, int off, int n);

  @Override
  void close();
}
