package io.dataplug.hadoop;

import io.dataplug.formats.text.SliceInput;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A split's own lines; closing them closes what they are read from. */
final class OwnedLines extends FilterInputStream {
  private final AutoCloseable[] resources;

  OwnedLines(SliceInput input) {
    super(input.stream());
    this.resources = new AutoCloseable[] {input};
  }

  /** @param resources closed after {@code lines}, in order */
  OwnedLines(InputStream lines, AutoCloseable... resources) {
    super(lines);
    this.resources = resources;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    try {
      in.close();
    } catch (IOException e) {
      failure = e;
    }
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e instanceof IOException io ? io : new IOException(e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
