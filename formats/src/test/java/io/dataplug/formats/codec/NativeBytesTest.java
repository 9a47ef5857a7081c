package io.dataplug.formats.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NativeBytesTest {
  @AfterEach
  void everyBufferIsFreed() {
    assertThat(NativeBytes.live()).as("native bytes not freed").isZero();
  }

  @Test
  void bytesWrittenThroughASliceReadBackUnsignedAndCopied() {
    try (NativeBytes bytes = new NativeBytes(16)) {
      ByteBuffer slice = bytes.slice(4, 8);
      assertThat(slice.remaining()).isEqualTo(8);
      slice.put(new byte[] {1, 2, (byte) 0x80, (byte) 0xFF, 5, 6, 7, 8});
      assertThat(bytes.get(6)).isEqualTo(0x80);
      assertThat(bytes.get(7)).isEqualTo(0xFF);
      byte[] out = new byte[6];
      bytes.copyTo(5, out, 1, 4);
      assertThat(out).containsExactly(0, 2, (byte) 0x80, (byte) 0xFF, 5, 0);
      assertThat(NativeBytes.live()).isOne();
    }
  }

  @Test
  void growsOnlyWhenAskedForMoreAndRefusesUseAfterClose() {
    NativeBytes bytes = new NativeBytes(10);
    bytes.ensure(10);
    assertThat(bytes.capacity()).isEqualTo(10);
    bytes.ensure(11);
    assertThat(bytes.capacity()).isEqualTo(20);
    bytes.ensure(1000);
    assertThat(bytes.capacity()).isEqualTo(1000);
    bytes.slice(990, 10).put(new byte[10]);
    bytes.close();
    bytes.close();
    assertThatThrownBy(() -> bytes.ensure(5)).isInstanceOf(IllegalStateException.class);
  }
}
