package io.dataplug.formats.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineScannerTest {
  /** Every chunk's first line start and its ordinal, and the line count, whatever the chunk sizes. */
  @ParameterizedTest
  @ValueSource(strings = {"", "a", "a\n", "\n\n\n", "ab\ncd", "ab\r\ncd\r\n", "x\n\ny\n\n"})
  void findsTheLineStartsOfEveryChunking(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < bytes.length; i++) {
      if (i == 0 || bytes[i - 1] == '\n') {
        starts.add(i);
      }
    }
    Random random = new Random(text.hashCode());
    for (int attempt = 0; attempt < 20; attempt++) {
      LineScanner scanner = new LineScanner();
      int at = 0;
      while (at < bytes.length) {
        int n = 1 + random.nextInt(Math.max(1, bytes.length - at));
        int found = scanner.scan(bytes, at, n);
        int first = -1;
        for (int s : starts) {
          if (s >= at && s < at + n) {
            first = s;
            break;
          }
        }
        assertThat(found).as("%s chunk [%d, %d)", text, at, at + n).isEqualTo(first);
        if (first >= 0) {
          assertThat(scanner.lastFoundOrdinal()).isEqualTo(starts.indexOf(first));
        }
        at += n;
      }
      assertThat(scanner.finish()).as("lines of %s", text).isEqualTo(starts.size());
    }
  }
}
