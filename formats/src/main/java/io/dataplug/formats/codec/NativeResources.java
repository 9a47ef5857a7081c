package io.dataplug.formats.codec;

/** Native decoder states and buffers allocated in this JVM and not freed yet: tests check readers free their own. */
public final class NativeResources {
  private NativeResources() {}

  /** ISA-L and libdeflate decoders and fetched native bytes not yet closed. */
  public static int open() {
    return Isal.liveDecompressors() + LibDeflate.liveDecompressors() + NativeBytes.live();
  }
}
