package io.dataplug.formats.zarr;

import io.dataplug.formats.storage.Blob;
import io.dataplug.formats.storage.BlobStore;
import io.dataplug.formats.storage.ReadAhead;
import io.dataplug.formats.storage.ReadStats;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches the stored bytes of a run of one array's chunks, asked for in the order given. Byte ranges of one file are
 * planned together, so adjacent chunks (NetCDF4/HDF5 write a variable's chunks one after another) share one ranged
 * read ({@link ReadAhead}); store objects and whole files are one read each.
 */
final class ChunkFetcher implements AutoCloseable {
  /** Bytes between two ranges read rather than skipped: less than the cost of a second request. */
  private static final int MAX_GAP = 16 << 10;
  private static final int WINDOW = 8 << 20;

  private final BlobStore store;
  private final String where;
  private final ChunkRef[] refs;
  /** Per reference, its range's number in its file's plan (ranges only). */
  private final int[] rangeNumber;
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private final ReadStats objectReads = new ReadStats();

  /** One file that ranges point into, opened once, with its ranges planned in the order they are wanted. */
  private record Target(Blob blob, ReadAhead reads) {}

  ChunkFetcher(BlobStore store, String where, ChunkRef[] refs) throws IOException {
    this.store = store;
    this.where = where;
    this.refs = refs;
    this.rangeNumber = new int[refs.length];
    Map<String, List<Integer>> byUrl = new LinkedHashMap<>();
    for (int i = 0; i < refs.length; i++) {
      if (refs[i] instanceof ChunkRef.Range r) {
        List<Integer> mine = byUrl.computeIfAbsent(r.url(), u -> new ArrayList<>());
        rangeNumber[i] = mine.size();
        mine.add(i);
      }
    }
    try {
      for (Map.Entry<String, List<Integer>> e : byUrl.entrySet()) {
        List<Integer> mine = e.getValue();
        long[] offsets = new long[mine.size()];
        long[] lengths = new long[mine.size()];
        for (int k = 0; k < offsets.length; k++) {
          ChunkRef.Range r = (ChunkRef.Range) refs[mine.get(k)];
          offsets[k] = r.offset();
          lengths[k] = r.length();
        }
        Blob blob = openTarget(e.getKey(), refs[mine.get(0)].key());
        targets.put(e.getKey(), new Target(blob, new ReadAhead(blob, offsets, lengths, MAX_GAP, WINDOW,
            ZarrFormatException::new)));
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private Blob openTarget(String url, String key) throws IOException {
    try {
      return store.open(url);
    } catch (FileNotFoundException e) {
      throw missingTarget(url, key);
    } catch (IOException e) {
      throw new ZarrFormatException(where + ": the reference of chunk " + key + " points to " + url + ", which cannot"
          + " be opened (" + e.getMessage() + "); a scheme this cluster does not serve is mapped with option "
          + KerchunkFormat.SCHEMES.name(), e);
    }
  }

  private ZarrFormatException missingTarget(String url, String key) {
    return new ZarrFormatException(where + ": the reference of chunk " + key + " points to " + url + ", which does"
        + " not exist (check the reference set's URLs and option " + KerchunkFormat.SCHEMES.name() + ")");
  }

  /** The stored (encoded) bytes of chunk {@code i}, or null when it is absent (its chunk is the fill value). */
  byte[] stored(int i) throws IOException {
    ChunkRef ref = refs[i];
    if (ref == null) {
      return null;
    }
    if (ref instanceof ChunkRef.Inline inline) {
      return inline.data();
    }
    if (ref instanceof ChunkRef.StoreObject object) {
      byte[] bytes = ZarrStore.readOrNull(store, object.url());
      if (bytes != null) {
        objectReads.record(bytes.length);
      }
      return bytes;
    }
    if (ref instanceof ChunkRef.Whole whole) {
      try (var blob = openTarget(whole.url(), whole.key())) {
        byte[] bytes = ZarrStore.readAll(blob);
        objectReads.record(bytes.length);
        return bytes;
      }
    }
    ChunkRef.Range range = (ChunkRef.Range) ref;
    ReadAhead reads = targets.get(range.url()).reads();
    byte[] buffer = reads.fetch(rangeNumber[i], where + " chunk " + range.key());
    int at = reads.offsetIn(range.offset());
    return Arrays.copyOfRange(buffer, at, at + (int) range.length());
  }

  /** Names chunk {@code i} in messages: its object, or its key and where its reference points. */
  String where(int i) {
    ChunkRef ref = refs[i];
    if (ref instanceof ChunkRef.StoreObject object) {
      return object.url();
    }
    if (ref == null) {
      return where + " chunk " + i + " of the run (absent: the fill value)";
    }
    String key = where + " chunk " + ref.key();
    if (ref instanceof ChunkRef.Range r) {
      return key + " (bytes [" + r.offset() + ", " + (r.offset() + r.length()) + ") of " + r.url() + ")";
    }
    return ref instanceof ChunkRef.Whole w ? key + " (" + w.url() + ")" : key + " (inline)";
  }

  /** Requests made so far: one per store object or whole file, and each ranged read. */
  long requests() {
    long n = objectReads.requests();
    for (Target t : targets.values()) {
      n += t.blob().stats().requests();
    }
    return n;
  }

  long bytesRead() {
    long n = objectReads.bytes();
    for (Target t : targets.values()) {
      n += t.blob().stats().bytes();
    }
    return n;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (Target t : targets.values()) {
      t.reads().close();
      try {
        t.blob().close();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
