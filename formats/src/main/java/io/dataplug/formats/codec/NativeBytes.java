package io.dataplug.formats.codec;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Compressed bytes fetched into native memory, so a file read lands where a native decoder reads it: the read goes
 * straight in (a Java array would take the JDK's own direct buffer and a copy), and ISA-L reads it in place, where
 * a Java array is copied into native memory first. Java reads the few bytes it parses (gzip headers) through a direct
 * {@link ByteBuffer} view. Grown as needed; {@link #close()} frees it.
 */
public final class NativeBytes implements AutoCloseable {
  private static final AtomicInteger LIVE = new AtomicInteger();

  private Memory memory;
  private ByteBuffer view;

  public NativeBytes(int capacity) {
    allocate(capacity);
    LIVE.incrementAndGet();
  }

  private void allocate(int capacity) {
    memory = new Memory(Math.max(1, capacity));
    view = memory.getByteBuffer(0, memory.size());
  }

  /** Bytes it holds. */
  public int capacity() {
    return (int) memory.size();
  }

  /** Makes room for at least {@code capacity} bytes; what it held is dropped when it grows. */
  public void ensure(int capacity) {
    if (memory == null) {
      throw new IllegalStateException("native bytes used after close");
    }
    if (capacity > memory.size()) {
      memory.close();
      allocate((int) Math.min(Integer.MAX_VALUE - 8, Math.max(capacity, 2 * memory.size())));
    }
  }

  /** A buffer over bytes {@code [offset, offset + length)}, positioned at its start, to read into. */
  public ByteBuffer slice(int offset, int length) {
    return view.duplicate().position(offset).limit(offset + length).slice();
  }

  /** Byte {@code i}, unsigned. */
  public int get(int i) {
    return view.get(i) & 0xFF;
  }

  /** Copies bytes {@code [from, from + n)} into {@code b[off, off + n)}. */
  public void copyTo(int from, byte[] b, int off, int n) {
    view.get(from, b, off, n);
  }

  /** The address of byte {@code offset}, valid until it grows or closes. */
  Pointer pointer(int offset) {
    return memory.share(offset);
  }

  /** Instances not yet closed, in this JVM (tests check it returns to 0). */
  public static int live() {
    return LIVE.get();
  }

  @Override
  public void close() {
    if (memory != null) {
      memory.close();
      memory = null;
      view = null;
      LIVE.decrementAndGet();
    }
  }
}
