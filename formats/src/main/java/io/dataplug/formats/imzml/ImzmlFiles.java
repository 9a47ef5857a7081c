package io.dataplug.formats.imzml;

import io.dataplug.formats.codec.DecodedInputStream;
import io.dataplug.formats.codec.PlainSource;
import io.dataplug.formats.index.IndexFormatException;
import io.dataplug.formats.index.IndexMode;
import io.dataplug.formats.index.SidecarStore;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobIdentity;
import io.dataplug.formats.storage.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The pairing of an {@code .imzML} with its {@code .ibd} and their index: the {@code .ibd} of the same base name,
 * its UUID checked against the XML's, and the parsed spectra kept as a sidecar ({@code .NAME.imzml.dpidx}) bound to
 * the {@code .imzML}'s identity and to the {@code .ibd}'s.
 */
final class ImzmlFiles {
  /** A file's spectra, and where its binary arrays are. */
  record Indexed(String imzmlUri, String ibdUri, ImzmlIndex index) {}

  private final BlobStore store;
  private final IndexMode mode;
  private final String indexLocation;

  ImzmlFiles(BlobStore store, IndexMode mode, String indexLocation) {
    this.store = store;
    this.mode = mode;
    this.indexLocation = indexLocation;
  }

  /** The sidecar store of indexes, which finds an index unsuitable once its {@code .ibd} changed. */
  private SidecarStore<ImzmlIndex> sidecars(String ibdUri, BlobIdentity ibdIdentity) {
    return new SidecarStore<>(store, indexLocation, mode, new SidecarStore.Kind<>() {
      @Override
      public String name() {
        return "imzml";
      }

      @Override
      public ImzmlIndex read(Blob indexBlob) throws IOException {
        try (InputStream in = stream(indexBlob)) {
          return ImzmlIndex.read(in, indexBlob.uri());
        } catch (IOException e) {
          throw new IndexFormatException("Corrupt imzml index " + indexBlob.uri() + ": " + e.getMessage(), e);
        }
      }

      @Override
      public BlobIdentity identity(ImzmlIndex index) {
        return index.imzmlIdentity;
      }

      @Override
      public String unsuitable(ImzmlIndex index) {
        return index.ibdIdentity.equals(ibdIdentity) ? null : "it was built for " + ibdUri + " with "
            + index.ibdIdentity + ", but that file now has " + ibdIdentity;
      }
    });
  }

  static boolean isImzml(String uri) {
    return uri.toLowerCase(Locale.ROOT).endsWith(".imzml");
  }

  /** The {@code .ibd} beside an {@code .imzML}: the same base name, {@code .ibd} in either case. */
  String ibdUriFor(String imzmlUri) throws IOException {
    String base = imzmlUri.substring(0, imzmlUri.length() - ".imzML".length());
    for (String candidate : new String[] {base + ".ibd", base + ".IBD"}) {
      if (store.exists(candidate)) {
        return candidate;
      }
    }
    throw new FileNotFoundException("No .ibd beside " + imzmlUri + ": its binary data must be at " + base + ".ibd");
  }

  String indexUriFor(String imzmlUri) {
    return SidecarStore.indexUriFor(imzmlUri, indexLocation, "imzml");
  }

  /** The file's spectra, from its sidecar index or parsed (and the index published) as the mode says. */
  Indexed load(String imzmlUri) throws IOException {
    String ibdUri = ibdUriFor(imzmlUri);
    try (Blob imzml = store.open(imzmlUri); Blob ibd = store.open(ibdUri)) {
      BlobIdentity ibdIdentity = ibd.identity();
      SidecarStore<ImzmlIndex> sidecars = sidecars(ibdUri, ibdIdentity);
      ImzmlIndex index = sidecars.loadOrBuild(imzml, data -> {
        ImzmlIndex parsed = parse(data, ibdIdentity);
        return out -> {
          parsed.writeTo(out);
          return parsed;
        };
      });
      if (!index.ibdIdentity.equals(ibdIdentity)) {
        // Only index=require keeps an unsuitable index: a changed .ibd is an error, never rows from stale offsets.
        throw new IndexFormatException("Stale index " + sidecars.indexUriFor(imzmlUri) + ": it was built for "
            + ibdUri + " with " + index.ibdIdentity + ", but that file now has " + ibdIdentity + "; index=require"
            + " does not rebuild it: use index=auto or index=rebuild");
      }
      checkUuid(index, ibd, imzmlUri);
      return new Indexed(imzmlUri, ibdUri, index);
    }
  }

  /** Parses the XML without any index: the reference read. */
  Indexed parseOnly(String imzmlUri) throws IOException {
    String ibdUri = ibdUriFor(imzmlUri);
    try (Blob imzml = store.open(imzmlUri); Blob ibd = store.open(ibdUri)) {
      ImzmlIndex index = parse(imzml, ibd.identity());
      checkUuid(index, ibd, imzmlUri);
      return new Indexed(imzmlUri, ibdUri, index);
    }
  }

  private static ImzmlIndex parse(Blob imzml, BlobIdentity ibd) throws IOException {
    try (InputStream in = stream(imzml)) {
      return ImzmlParser.parse(imzml.uri(), in, imzml.identity(), ibd);
    }
  }

  private static InputStream stream(Blob blob) {
    return new DecodedInputStream(new PlainSource(blob, 0, blob.length()));
  }

  /** The {@code .ibd} starts with the 16 bytes of the UUID that the XML gives (IMS:1000080). */
  private static void checkUuid(ImzmlIndex index, Blob ibd, String imzmlUri) throws IOException {
    if (ibd.length() < 16) {
      throw new ImzmlFormatException(ibd.uri() + " is " + ibd.length() + " bytes long, too short for the 16-byte"
          + " UUID that starts an .ibd");
    }
    byte[] head = new byte[16];
    ibd.readFully(0, head, 0, 16);
    String found = HexFormat.of().formatHex(head);
    if (!found.equals(index.uuid)) {
      throw new ImzmlFormatException(ibd.uri() + " starts with UUID " + found + " but " + imzmlUri + " names "
          + index.uuid + ": the .ibd belongs to another .imzML");
    }
  }
}
