package io.dataplug.formats.storage;

/** What every blob keeps: its URI, its identity and its read counters. */
abstract class AbstractBlob implements Blob {
  private final String uri;
  private final BlobIdentity identity;
  private final ReadStats stats = new ReadStats();

  AbstractBlob(String uri, BlobIdentity identity) {
    this.uri = uri;
    this.identity = identity;
  }

  @Override
  public final String uri() {
    return uri;
  }

  @Override
  public final BlobIdentity identity() {
    return identity;
  }

  @Override
  public final ReadStats stats() {
    return stats;
  }
}
