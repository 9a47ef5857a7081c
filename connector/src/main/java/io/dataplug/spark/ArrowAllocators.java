package io.dataplug.spark;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** One Arrow root allocator per JVM; every reader takes a child of it and closes that child when done. */
final class ArrowAllocators {
  static final BufferAllocator ROOT = new RootAllocator(Long.MAX_VALUE);

  private ArrowAllocators() {}

  static BufferAllocator newReaderAllocator(String name) {
    return ROOT.newChildAllocator(name, 0, Long.MAX_VALUE);
  }
}
