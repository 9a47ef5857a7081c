package io.dataplug.formats.gzip.interop;

import io.dataplug.formats.gzip.GzipDecoder;
import io.dataplug.formats.gzip.ResumePoint;
import io.dataplug.formats.gzip.interop.InteropIndex.Point;
import io.dataplug.formats.index.Checkpoint;
import io.dataplug.formats.index.FileIndex;
import io.dataplug.formats.index.IndexFormatException;
import io.dataplug.formats.index.SidecarStore;
import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds gzip indexes other tools wrote beside a file (or under {@code indexLocation}, in the folder where this
 * project's index would be) and tells them apart by content, never by name: gztool's ({@code FILE.gzi} for
 * {@code FILE.gz}, or {@code FILE.gz.gzi}), indexed_gzip's and rapidgzip's {@code GZIDX} ({@code FILE.gz.gzidx}).
 * A bgzip {@code .gzi} (block offsets of a BGZF file, which needs no index to split) is passed over.
 */
public final class InteropIndexes {
  private static final Logger LOG = LoggerFactory.getLogger(InteropIndexes.class);

  private InteropIndexes() {}

  /** The names tried for a file's foreign index, in order. */
  public static List<String> candidateUris(String dataUri, String indexLocation) {
    List<String> folders = new ArrayList<>();
    folders.add(parent(dataUri));
    if (indexLocation != null && !indexLocation.isBlank()) {
      folders.add(parent(SidecarStore.indexUriFor(dataUri, indexLocation, null)));
    }
    String name = dataUri.substring(dataUri.lastIndexOf('/') + 1);
    List<String> uris = new ArrayList<>();
    for (String folder : folders) {
      if (name.endsWith(".gz")) {
        uris.add(folder + name.substring(0, name.length() - 3) + ".gzi");
      }
      uris.add(folder + name + ".gzi");
      uris.add(folder + name + ".gzidx");
    }
    return uris;
  }

  /** Checks the name of an export format: {@code gztool} or {@code gzidx}. */
  public static void requireKind(String kind) {
    if (!kind.equals("gztool") && !kind.equals("gzidx")) {
      throw new IllegalArgumentException("Unknown index export format '" + kind + "': use gztool or gzidx");
    }
  }

  /** Where {@code bin/dataplug index --export} writes: gztool's own name, or {@code FILE.gz.gzidx}. */
  public static String exportUri(String dataUri, String kind) {
    String name = dataUri.substring(dataUri.lastIndexOf('/') + 1);
    return switch (kind) {
      case "gztool" -> parent(dataUri) + (name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name) + ".gzi";
      case "gzidx" -> dataUri + ".gzidx";
      default -> {
        requireKind(kind);
        throw new AssertionError(kind);
      }
    };
  }

  /**
   * The first gztool or GZIDX index found for {@code data}, checked against the file's length, or null. A corrupt
   * one, or one of a file of another length, is an error naming it (remove it, or build this project's index).
   */
  public static InteropIndex find(BlobStore store, Blob data, String indexLocation) throws IOException {
    for (String uri : candidateUris(data.uri(), indexLocation)) {
      if (!store.exists(uri)) {
        continue;
      }
      InteropIndex index;
      try (Blob indexBlob = store.open(uri)) {
        byte[] head = new byte[(int) Math.min(16, indexBlob.length())];
        indexBlob.readFully(0, head, 0, head.length);
        if (GztoolIndexFile.matches(head)) {
          index = GztoolIndexFile.read(indexBlob);
        } else if (GzidxIndexFile.matches(head)) {
          index = GzidxIndexFile.read(indexBlob);
        } else {
          LOG.debug("{} is neither a gztool nor a GZIDX index (a bgzip .gzi?); not used", uri);
          continue;
        }
      }
      checkAgainst(index, data);
      return index;
    }
    return null;
  }

  private static void checkAgainst(InteropIndex index, Blob data) throws IndexFormatException {
    String fix = ": it is an index of another file, or of this one before it changed; remove it or rebuild it";
    if (index.compressedLength() >= 0 && index.compressedLength() != data.length()) {
      throw new IndexFormatException(index.uri() + " (" + index.kind() + ") describes a gzip file of "
          + index.compressedLength() + " bytes, but " + data.uri() + " has " + data.length() + fix);
    }
    for (int k = 0; k < index.points().size(); k++) {
      Point point = index.points().get(k);
      if (point.compressedByteOffset() >= data.length()) {
        throw new IndexFormatException(index.uri() + " (" + index.kind() + "): point " + k + " is at compressed byte "
            + point.compressedByteOffset() + ", past the end of " + data.uri() + " (" + data.length() + " bytes)"
            + fix);
      }
    }
  }

  /**
   * The points a reader can split at: those strictly inside the data (the file's start is always one), which must
   * run forward in both the compressed and the uncompressed data.
   */
  static List<Point> inner(String uri, List<Point> points, long uncompressedLength, long compressedLength)
      throws IndexFormatException {
    List<Point> inner = new ArrayList<>();
    Point previous = null;
    for (Point point : points) {
      if (previous != null && (point.bitOffset() <= previous.bitOffset()
          || point.uncompressedOffset() < previous.uncompressedOffset())) {
        throw new IndexFormatException(uri + ": its points do not run forward: one at compressed bit " + point.bitOffset()
            + ", uncompressed byte " + point.uncompressedOffset() + " follows one at bit " + previous.bitOffset()
            + ", byte " + previous.uncompressedOffset());
      }
      previous = point;
      boolean atEnd = (uncompressedLength >= 0 && point.uncompressedOffset() >= uncompressedLength)
          || (compressedLength > 0 && point.compressedByteOffset() >= compressedLength);
      if (point.uncompressedOffset() > 0 && !atEnd) {
        inner.add(point);
      }
    }
    return inner;
  }

  /**
   * This project's index as points of a foreign one: windows as they are, member starts (BGZF blocks included) as
   * points at their deflate data with no window, as gztool and indexed_gzip write them.
   */
  public static List<ExportPoint> exportPoints(Blob data, Blob indexBlob, FileIndex index) throws IOException {
    List<ExportPoint> points = new ArrayList<>();
    for (Checkpoint checkpoint : index.checkpoints()) {
      if (checkpoint.memberStart()) {
        try (GzipDecoder decoder = GzipDecoder.resume(data, new ResumePoint(checkpoint.bitOffset(),
            checkpoint.uncompressedOffset(), true, null), data.length(), GzipDecoder.Engine.NATIVE)) {
          if (decoder.read(new byte[1], 0, 1) != 0 || decoder.boundary() != GzipDecoder.Boundary.MEMBER) {
            throw new IndexFormatException(data.uri() + ": no gzip member starts at byte "
                + checkpoint.compressedByteOffset() + " as its index says");
          }
          points.add(new ExportPoint(decoder.memberDataBitOffset(), checkpoint.uncompressedOffset(), new byte[0]));
        }
      } else if (checkpoint.uncompressedOffset() < index.uncompressedLength()) {
        points.add(new ExportPoint(checkpoint.bitOffset(), checkpoint.uncompressedOffset(),
            FileIndex.readWindow(indexBlob, checkpoint)));
      }
    }
    return points;
  }

  /**
   * Writes this project's index of {@code data} (read from {@code indexUri}) as a {@code gztool} (version 0, no line
   * numbers) or {@code gzidx} (version 1) index at {@code targetUri}; returns the number of points written.
   */
  public static int export(BlobStore store, Blob data, FileIndex index, String indexUri, String kind,
      String targetUri) throws IOException {
    List<ExportPoint> points;
    try (Blob indexBlob = store.open(indexUri)) {
      points = exportPoints(data, indexBlob, index);
    }
    store.writeAtomically(targetUri, true, out -> {
      switch (kind) {
        case "gztool" -> GztoolIndexFile.write(out, points, index.uncompressedLength());
        case "gzidx" -> GzidxIndexFile.write(out, points, data.length(), index.uncompressedLength(), index.span());
        default -> requireKind(kind);
      }
    });
    return points.size();
  }

  private static String parent(String uri) {
    return uri.substring(0, uri.lastIndexOf('/') + 1);
  }
}
