package io.dataplug.formats.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.VersionInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadAheadTest {
  private static final int KIB = 1024;
  @TempDir
  Path dir;
  private Path file;
  private byte[] content;

  @BeforeEach
  void writeFile() throws IOException {
    content = new byte[KIB * KIB];
    new Random(7).nextBytes(content);
    file = dir.resolve("data.bin");
    Files.write(file, content);
  }

  private static Blob local(Path file) throws IOException {
    return new LocalBlobStore().open(file.toUri().toString());
  }

  /** Fetches every range in order and checks its bytes against the file. */
  private void readAll(ReadAhead reads, long[] offsets, long[] lengths) throws IOException {
    for (int k = 0; k < offsets.length; k++) {
      byte[] buffer = reads.fetch(k, "range " + k);
      int at = reads.offsetIn(offsets[k]);
      assertArrayEquals(Arrays.copyOfRange(content, (int) offsets[k], (int) (offsets[k] + lengths[k])),
          Arrays.copyOfRange(buffer, at, at + (int) lengths[k]), "range " + k);
    }
  }

  @Test
  void adjacentRangesShareRequestsUpToTheWindow() throws IOException {
    long[] offsets = new long[10];
    long[] lengths = new long[10];
    for (int k = 0; k < 10; k++) {
      offsets[k] = 1000 + k * 100L * KIB;
      lengths[k] = 100L * KIB;
    }
    try (Blob blob = local(file); ReadAhead reads = new ReadAhead(blob, offsets, lengths, 0, 256 * KIB,
        IOException::new)) {
      assertEquals(5, reads.requests(), "two 100 KiB ranges fit a 256 KiB window, three do not");
      readAll(reads, offsets, lengths);
      assertEquals(5, blob.stats().requests());
      assertEquals(1000L * KIB, blob.stats().bytes(), "no byte outside the ranges");
    }
  }

  @Test
  void gapsUpToMaxGapAreReadAndLongerOnesStartARequest() throws IOException {
    long[] offsets = {0, 108, 217, 1000};
    long[] lengths = {100, 100, 100, 10};
    try (Blob blob = local(file); ReadAhead reads = new ReadAhead(blob, offsets, lengths, 8, 1 << 20,
        IOException::new)) {
      assertEquals(3, reads.requests(), "a gap of 8 joins, a gap of 9 and one of 683 do not");
      readAll(reads, offsets, lengths);
      assertEquals(208 + 100 + 10, blob.stats().bytes());
    }
  }

  @Test
  void rangesOutOfOrderOrRepeatedAreServedEach() throws IOException {
    // Planar tiles: plane 0 and plane 1 of each tile lie far apart; a continuous imzML m/z array is read again.
    long[] offsets = {0, 500_000, 100, 500_100, 500_120, 50};
    long[] lengths = {100, 100, 100, 100, 20, 20};
    try (Blob blob = local(file); ReadAhead reads = new ReadAhead(blob, offsets, lengths, 0, 1 << 20,
        IOException::new)) {
      readAll(reads, offsets, lengths);
      assertEquals(5, reads.requests(), "a range inside the request before it is served from it; going back starts a request");
    }
  }

  @Test
  void anEmptyRangeIsEmptyAndARangePastTheEndNamesTheFileAndItsBytes() throws IOException {
    long end = content.length;
    long[] offsets = {0, 0, end - 10};
    long[] lengths = {10, 0, 20};
    try (Blob blob = local(file); ReadAhead reads = new ReadAhead(blob, offsets, lengths, 0, 1 << 20,
        IOException::new)) {
      assertEquals(1, reads.requests(), "neither the empty range nor the one past the end is requested");
      readAll(reads, new long[] {0}, new long[] {10});
      assertEquals(0, reads.fetch(1, "a sparse tile").length);
      IOException e = assertThrows(IOException.class, () -> reads.fetch(2, "tile 7"));
      assertEquals("Truncated file " + blob.uri() + ": tile 7 needs bytes [" + (end - 10) + ", " + (end + 10)
          + "), past its end (" + end + " bytes)", e.getMessage());
    }
  }

  @Test
  void rangesPassedOverAreNotRead() throws IOException {
    long[] offsets = {0, 10_000, 20_000, 30_000};
    long[] lengths = {100, 100, 100, 100};
    try (Blob blob = local(file); ReadAhead reads = new ReadAhead(blob, offsets, lengths, 0, 1 << 20,
        IOException::new)) {
      reads.fetch(0, "first");
      reads.fetch(3, "last");
      assertEquals(2, blob.stats().requests());
    }
  }

  private static boolean hadoopHasVectoredReads() {
    int[] v = Arrays.stream(VersionInfo.getVersion().split("[.-]")).limit(3).mapToInt(Integer::parseInt).toArray();
    return v[0] > 3 || v[0] == 3 && (v[1] > 3 || v[1] == 3 && v[2] >= 5);
  }

  @Test
  void hadoopBlobsReadAheadWithVectoredReadsWhereHadoopHasThem() throws IOException {
    boolean vectored = hadoopHasVectoredReads();
    long[] offsets = new long[8];
    long[] lengths = new long[8];
    for (int k = 0; k < 8; k++) {
      offsets[k] = k * 128L * KIB;
      lengths[k] = 128L * KIB;
    }
    try (Blob blob = new HadoopBlobStore(new Configuration()).open(file.toUri().toString());
        ReadAhead reads = new ReadAhead(blob, offsets, lengths, 0, 128 * KIB, IOException::new)) {
      assertEquals(vectored, blob.readsInBackground(), "Hadoop " + VersionInfo.getVersion());
      reads.fetch(0, "range 0");
      assertEquals(vectored ? 1 + ReadAhead.DEPTH : 1, blob.stats().requests(),
          "with vectored reads the next requests start before they are asked for");
      readAll(reads, offsets, lengths);
      assertEquals(8, blob.stats().requests());
    }
    Configuration off = new Configuration();
    off.setBoolean(HadoopBlobStore.VECTORED_IO, false);
    try (Blob blob = new HadoopBlobStore(off).open(file.toUri().toString());
        ReadAhead reads = new ReadAhead(blob, offsets, lengths, 0, 128 * KIB, IOException::new)) {
      assertTrue(!blob.readsInBackground(), HadoopBlobStore.VECTORED_IO + "=false");
      readAll(reads, offsets, lengths);
    }
  }

  @Test
  void aReadPastTheEndOfAHadoopBlobIsATruncationError() throws IOException {
    try (Blob blob = new HadoopBlobStore(new Configuration()).open(file.toUri().toString())) {
      assertThrows(java.util.concurrent.ExecutionException.class,
          () -> blob.readAsync(content.length - 4, 8).get());
    }
  }
}
