package io.dataplug.formats.storage;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * Hadoop's vectored reads ({@code PositionedReadable.readVectored}, Hadoop 3.3.5 and later; HADOOP-18103), found at
 * run time: Spark 3.5 is built on Hadoop 3.3.4, which lacks them, while the Hadoop a cluster runs (Spark 4.0's 3.4.1,
 * Databricks', EMR's) may have them. S3A fetches vectored ranges on its own thread pool, local files through an
 * asynchronous channel, so a reader can ask for its next ranges while it decodes the current one.
 */
final class VectoredReads {
  private static final MethodHandle CREATE_RANGE;
  private static final MethodHandle DATA;
  private static final MethodHandle READ_VECTORED;

  static {
    MethodHandle create = null;
    MethodHandle data = null;
    MethodHandle read = null;
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> range = Class.forName("org.apache.hadoop.fs.FileRange", false, FSDataInputStream.class.getClassLoader());
      create = lookup.findStatic(range, "createFileRange", MethodType.methodType(range, long.class, int.class));
      data = lookup.findVirtual(range, "getData", MethodType.methodType(CompletableFuture.class));
      read = lookup.findVirtual(FSDataInputStream.class, "readVectored",
          MethodType.methodType(void.class, List.class, IntFunction.class));
    } catch (ReflectiveOperationException | LinkageError e) {
      create = null;
    }
    CREATE_RANGE = create;
    DATA = create == null ? null : data;
    READ_VECTORED = create == null ? null : read;
  }

  private VectoredReads() {}

  /** Whether the Hadoop on the class path has vectored reads. */
  static boolean available() {
    return READ_VECTORED != null;
  }

  /** Starts reading one range; the future completes on the file system's own threads. */
  @SuppressWarnings("unchecked")
  static CompletableFuture<ByteBuffer> read(FSDataInputStream in, long position, int length) throws IOException {
    try {
      Object range = CREATE_RANGE.invoke(position, length);
      READ_VECTORED.invoke(in, List.of(range), (IntFunction<ByteBuffer>) ByteBuffer::allocate);
      return (CompletableFuture<ByteBuffer>) DATA.invoke(range);
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IOException("Vectored read of " + length + " bytes at " + position + " failed", e);
    }
  }
}
