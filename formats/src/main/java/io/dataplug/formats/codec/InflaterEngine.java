package io.dataplug.formats.codec;

/**
 * Which engine inflates whole DEFLATE buffers (COG tiles): {@code auto} takes libdeflate where it loads and passes
 * its self-test, else the JDK's zlib; a named engine that cannot load is an error, never a silent fallback.
 */
public enum InflaterEngine {
  AUTO,
  JDK,
  LIBDEFLATE;

  /** The engine {@code auto} stands for in this JVM, or this engine itself. */
  public InflaterEngine resolve() {
    if (this != AUTO) {
      return this;
    }
    return LibDeflate.available() ? LIBDEFLATE : JDK;
  }

  /** Throws when this engine is named but cannot run here, saying why and what to do. */
  public void requireUsable() {
    if (this == LIBDEFLATE && !LibDeflate.available()) {
      throw new IllegalArgumentException("Invalid value 'libdeflate' for option inflater: " + LibDeflate.status()
          + "; or use inflater auto (libdeflate where present, else the JDK's zlib)");
    }
  }

  public String displayName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
