package io.dataplug.formats.codec;

/** Native decoder states and buffers this JVM allocated and has not freed yet: tests check every reader frees its own. */
public final class NativeResources {
  private NativeResources() {}

  /** ISA-L and libdeflate decoders and fetched native bytes not yet closed. */
  public static int open() {
    return Isal.liveDecompressors() + LibDeflate.liveDecompressors() + NativeBytes.live();
  }
}
