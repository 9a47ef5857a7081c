package io.dataplug.formats.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ranged reads into direct buffers (where native decoders read the bytes) from every kind of blob. */
class DirectBufferReadsTest {
  @TempDir Path temp;

  private byte[] bytes() {
    byte[] data = new byte[300_000];
    new Random(3).nextBytes(data);
    return data;
  }

  @Test
  void readsARangeStraightIntoADirectBuffer() throws IOException {
    byte[] data = bytes();
    Path file = Files.write(temp.resolve("data.bin"), data);
    try (Blob blob = new LocalBlobStore().open(file.toUri().toString())) {
      ByteBuffer target = ByteBuffer.allocateDirect(200_000).position(1_000).limit(151_000);
      blob.readFully(123_457, target);
      assertThat(target.remaining()).isZero();
      byte[] got = new byte[150_000];
      target.position(1_000);
      target.get(got);
      assertThat(got).isEqualTo(Arrays.copyOfRange(data, 123_457, 273_457));
      assertThat(blob.stats().bytes()).isEqualTo(150_000);
    }
  }

  @Test
  void aDirectBufferReadPastTheEndNamesTheFileAndTheByte() throws IOException {
    Path file = Files.write(temp.resolve("short.bin"), bytes());
    try (Blob blob = new LocalBlobStore().open(file.toUri().toString())) {
      assertThatThrownBy(() -> blob.readFully(299_000, ByteBuffer.allocateDirect(5_000)))
          .isInstanceOf(EOFException.class)
          .hasMessageContaining("short.bin")
          .hasMessageContaining("at byte 300000");
    }
  }

  /** Hadoop's streams read into arrays: one array, kept from read to read, serves every direct buffer. */
  @Test
  void aHadoopBlobFillsDirectBuffersWithOneReadEach() throws IOException {
    byte[] data = bytes();
    Path file = Files.write(temp.resolve("hadoop.bin"), data);
    try (Blob blob = new HadoopBlobStore(new Configuration()).open(file.toUri().toString())) {
      for (int[] range : new int[][] {{5, 200_000}, {250_000, 50_000}, {0, 300_000}}) {
        ByteBuffer target = ByteBuffer.allocateDirect(range[1]);
        blob.readFully(range[0], target);
        assertThat(target.remaining()).isZero();
        byte[] got = new byte[range[1]];
        target.flip().get(got);
        assertThat(got).isEqualTo(Arrays.copyOfRange(data, range[0], range[0] + range[1]));
      }
      assertThat(blob.stats().requests()).isEqualTo(3);
      assertThatThrownBy(() -> blob.readFully(299_999, ByteBuffer.allocateDirect(2)))
          .isInstanceOf(EOFException.class)
          .hasMessageContaining("hadoop.bin");
    }
  }

  /** A blob that reads only into arrays gets direct and array-backed buffers filled through them. */
  @Test
  void theDefaultBufferReadGoesThroughAnArray() throws IOException {
    byte[] data = bytes();
    Blob arraysOnly = new Blob() {
      @Override
      public String uri() {
        return "memory:data";
      }

      @Override
      public BlobIdentity identity() {
        throw new UnsupportedOperationException();
      }

      @Override
      public void readFully(long position, byte[] buffer, int offset, int len) throws IOException {
        if (position + len > data.length) {
          throw new EOFException("past the end");
        }
        System.arraycopy(data, (int) position, buffer, offset, len);
      }

      @Override
      public ReadStats stats() {
        return new ReadStats();
      }

      @Override
      public void close() {}
    };
    for (ByteBuffer target : new ByteBuffer[] {ByteBuffer.allocateDirect(1_000), ByteBuffer.allocate(2_000)}) {
      target.position(target.capacity() - 1_000);
      arraysOnly.readFully(70_000, target);
      assertThat(target.remaining()).isZero();
      byte[] got = new byte[1_000];
      target.position(target.capacity() - 1_000);
      target.get(got);
      assertThat(got).isEqualTo(Arrays.copyOfRange(data, 70_000, 71_000));
    }
    assertThatThrownBy(() -> arraysOnly.readFully(299_500, ByteBuffer.allocateDirect(1_000)))
        .isInstanceOf(EOFException.class);
  }
}
