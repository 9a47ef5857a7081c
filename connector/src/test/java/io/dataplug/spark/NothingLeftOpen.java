package io.dataplug.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.codec.NativeResources;
import io.dataplug.formats.storage.BlobStore;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After every test of this module (registered for all of them through junit-platform.properties): no blob left
 * open, no Arrow byte left allocated, no reader's child allocator left open, no native decoder or buffer left
 * allocated. A failed job's other tasks are
 * cancelled asynchronously, so the check first waits until Spark runs no job and the counts settle; a real leak
 * never settles and fails.
 */
public final class NothingLeftOpen implements AfterEachCallback {
  private static final long SETTLE_MILLIS = 10_000;

  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
    while (!settled() && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    String test = context.getDisplayName();
    assertThat(BlobStore.openBlobs()).as("files and connections left open after %s", test).isZero();
    assertThat(ArrowAllocators.ROOT.getAllocatedMemory()).as("Arrow bytes left allocated after %s", test).isZero();
    assertThat(ArrowAllocators.ROOT.getChildAllocators()).as("reader allocators left open after %s", test).isEmpty();
    assertThat(NativeResources.open()).as("native decoders and buffers left allocated after %s", test).isZero();
  }

  private static boolean settled() {
    return !TestSpark.running() && BlobStore.openBlobs() == 0 && ArrowAllocators.ROOT.getAllocatedMemory() == 0
        && ArrowAllocators.ROOT.getChildAllocators().isEmpty() && NativeResources.open() == 0;
  }
}
