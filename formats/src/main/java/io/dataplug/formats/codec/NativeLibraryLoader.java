package io.dataplug.formats.codec;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * Loads a host library into a class's {@code native} methods (JNA direct mapping) once per JVM and runs its self-test;
 * remembers "ok" or why the library is not used, with what to install.
 */
public final class NativeLibraryLoader {
  /** A check that the loaded library decodes as this project does: "ok", or what went wrong. */
  @FunctionalInterface
  public interface SelfTest {
    String run() throws Exception;
  }

  private final Class<?> bindings;
  private final String library;
  private final String displayName;
  private final String install;
  private final SelfTest selfTest;
  private volatile String status;

  /**
   * @param library the name JNA looks up ({@code deflate} finds {@code libdeflate.so.0})
   * @param displayName how messages name it, with its file ({@code libdeflate (libdeflate.so.0)})
   * @param install how to install it, for the message when it does not load
   */
  public NativeLibraryLoader(Class<?> bindings, String library, String displayName, String install,
      SelfTest selfTest) {
    this.bindings = bindings;
    this.library = library;
    this.displayName = displayName;
    this.install = install;
    this.selfTest = selfTest;
  }

  public boolean available() {
    return "ok".equals(status());
  }

  /** "ok", or why the library is not used in this JVM. */
  public String status() {
    String s = status;
    if (s == null) {
      synchronized (this) {
        if (status == null) {
          status = load();
        }
        s = status;
      }
    }
    return s;
  }

  private String load() {
    if (Native.SIZE_T_SIZE != 8) {
      return displayName + " is used on 64-bit JVMs only (its size_t is a Java long)";
    }
    try {
      Native.register(bindings, NativeLibrary.getInstance(library));
    } catch (Throwable e) {
      return displayName + " did not load: " + e.getMessage() + "; install it with " + install;
    }
    try {
      return selfTest.run();
    } catch (Throwable e) {
      return displayName + " failed its self-test: " + e;
    }
  }
}
