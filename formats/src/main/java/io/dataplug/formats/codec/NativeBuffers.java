package io.dataplug.formats.codec;

import com.sun.jna.Memory;

/**
 * The native input and output buffers a native decompressor keeps between calls, grown as needed: JNA passes a Java
 * array through {@code Get<Type>ArrayElements}, a malloc'd copy each way per call (measured: page faults on every
 * tile, and two cores scaling worse), so the bytes go through memory allocated once.
 */
final class NativeBuffers implements AutoCloseable {
  private Memory input = new Memory(64 << 10);
  private Memory output = new Memory(64 << 10);

  /** The input buffer holding {@code in[0, length)}. */
  Memory input(byte[] in, int length) {
    return input(in, 0, length);
  }

  /** The input buffer holding {@code in[off, off + length)} from its start. */
  Memory input(byte[] in, int off, int length) {
    if (input.size() < length) {
      input.close();
      input = new Memory(Math.max(length, 2 * input.size()));
    }
    input.write(0, in, off, length);
    return input;
  }

  /** An output buffer of at least {@code length} bytes (at least one). */
  Memory output(long length) {
    if (output.size() < Math.max(1, length)) {
      output.close();
      output = new Memory(Math.max(length, 2 * output.size()));
    }
    return output;
  }

  /** Copies bytes {@code [from, from + n)} of the output buffer into {@code b}. */
  void readOutput(long from, byte[] b, int off, int n) {
    output.read(from, b, off, n);
  }

  @Override
  public void close() {
    input.close();
    output.close();
  }
}
