package io.dataplug.formats.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent, deliberately simple FASTQ parser for tests (the algorithm Biopython uses): split into lines,
 * then per record an '@' line, sequence lines up to a '+' line, quality lines until the quality is as long as the
 * sequence. Each record becomes "name|description|sequence|quality" (description "null" when absent).
 */
public final class ReferenceFastq {
  private ReferenceFastq() {}

  public static List<String> parse(byte[] data) {
    List<String> records = new ArrayList<>();
    try {
      stream(new java.io.ByteArrayInputStream(data), (name, description, sequence, quality) ->
          records.add(name + "|" + (description == null ? "null" : description) + "|" + sequence + "|" + quality));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return records;
  }

  /** Receives each record of {@link #stream}; description is null when the header has none. */
  public interface RecordConsumer {
    void accept(String name, String description, String sequence, String quality);
  }

  /** The same algorithm over a stream of any size, line by line. Returns the record count. */
  public static long stream(java.io.InputStream in, RecordConsumer consumer) throws java.io.IOException {
    java.io.BufferedReader reader = new java.io.BufferedReader(
        new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1), 1 << 20);
    long count = 0;
    String header;
    while ((header = reader.readLine()) != null) {
      if (header.isEmpty()) {
        continue;
      }
      if (header.charAt(0) != '@') {
        throw new IllegalArgumentException("bad header after record " + count + ": " + header);
      }
      StringBuilder seq = new StringBuilder();
      String line;
      while (!(line = reader.readLine()).startsWith("+")) {
        seq.append(line);
      }
      StringBuilder qual = new StringBuilder();
      while (qual.length() < seq.length()) {
        qual.append(reader.readLine());
      }
      String title = header.substring(1);
      int space = -1;
      for (int k = 0; k < title.length(); k++) {
        if (title.charAt(k) == ' ' || title.charAt(k) == '\t') {
          space = k;
          break;
        }
      }
      consumer.accept(space < 0 ? title : title.substring(0, space), space < 0 ? null : title.substring(space + 1),
          seq.toString(), qual.toString());
      count++;
    }
    return count;
  }
}
