package io.dataplug.formats.gzip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The marker decoder's hot loop (the parallel index build's) against zlib's encoder, from a stream's start where
 * no marker arises: as many symbols as the data has, and its last 32 KiB as the tail, through large and through
 * 64-byte input reads. The streams are {@link JavaInflaterTest}'s.
 */
class MarkerInflaterTest {

  @ParameterizedTest(name = "{0} level {1} strategy {2}")
  @MethodSource("io.dataplug.formats.gzip.JavaInflaterTest#streams")
  void decodesWhatZlibEncodes(String kind, int level, int strategy) throws IOException {
    byte[] data = JavaInflaterTest.data(kind);
    byte[] deflated = JavaInflaterTest.deflate(data, level, strategy);
    for (int chunkSize : new int[] {ByteSource.DEFAULT_CHUNK, 64}) {
      InflateEngines.ByteArrayBlob blob = new InflateEngines.ByteArrayBlob(deflated);
      MarkerInflater inflater = new MarkerInflater(new ByteSource(blob, 0, deflated.length, chunkSize), 0, false,
          MarkerInflater.CHUNK_BUFFER);
      while (!inflater.decodeBlock()) {
        // every block of the stream
      }
      assertThat(inflater.decoded()).isEqualTo(data.length);
      char[] tail = inflater.tail();
      byte[] last = Arrays.copyOfRange(data, data.length - tail.length, data.length);
      assertThat(tail.length).isEqualTo(Math.min(data.length, MarkerInflater.WINDOW));
      assertThat(MarkerInflater.resolve(tail, new byte[0])).isEqualTo(last);
    }
  }
}
