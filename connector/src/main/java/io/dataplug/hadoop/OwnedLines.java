package io.dataplug.hadoop;

import io.dataplug.formats.text.SliceInput;
import java.io.FilterInputStream;
import java.io.IOException;

/** A slice's decoded, CRC-checked bytes, from its first line start to its end; closing frees the slice. */
final class OwnedLines extends FilterInputStream {
  private final SliceInput input;

  OwnedLines(SliceInput input) {
    super(input.stream());
    this.input = input;
  }

  @Override
  public void close() throws IOException {
    input.close();
  }
}
