package io.dataplug.formats.codec;

/**
 * Which engine inflates DEFLATE data: {@code auto} takes libdeflate where it loads and passes its self-test, else
 * the JDK's zlib (gzip readers: ISA-L first, then libdeflate, else the JDK's zlib or, where its resume self-test
 * fails, the pure-Java decoder); {@code java} is the pure-Java decoder of the gzip readers, {@code isal} ISA-L for
 * the gzip readers' spans. A named engine that cannot run is an error, never a silent fallback.
 */
public enum InflaterEngine {
  AUTO,
  JAVA,
  JDK,
  LIBDEFLATE,
  ISAL;

  /** The whole-buffer engine (COG tiles) {@code auto} stands for in this JVM, or this engine itself. */
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
    if (this == ISAL && !Isal.available()) {
      throw new IllegalArgumentException("Invalid value 'isal' for option inflater: " + Isal.status()
          + "; or use inflater auto (ISA-L or libdeflate where present, else the JDK's zlib)");
    }
  }

  /**
   * Throws unless this engine inflates whole buffers here ({@link BufferInflater}: COG tiles, Zarr chunks); the
   * message names the option and what {@code what} allows.
   */
  public void requireWholeBuffer(String what) {
    if (this == JAVA || this == ISAL) {
      throw new IllegalArgumentException("Invalid value '" + displayName() + "' for option inflater: " + what
          + " are inflated by auto, jdk or libdeflate; " + displayName() + " is for the gzip readers only");
    }
    requireUsable();
  }

  /**
   * How plan strings name it: the engine, and for auto the one it picks in this JVM ({@code auto (libdeflate here)};
   * executors with another host library may differ).
   */
  public String planText() {
    return this == AUTO ? "auto (" + resolve().displayName() + " here)" : displayName();
  }

  public String displayName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
