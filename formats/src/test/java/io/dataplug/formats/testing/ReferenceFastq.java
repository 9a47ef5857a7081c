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
    String text = new String(data, StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\n", -1);
    List<String> records = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      String header = chomp(lines[i++]);
      if (header.isEmpty()) {
        continue;
      }
      if (header.charAt(0) != '@') {
        throw new IllegalArgumentException("bad header at line " + i + ": " + header);
      }
      StringBuilder seq = new StringBuilder();
      while (!chomp(lines[i]).startsWith("+")) {
        seq.append(chomp(lines[i++]));
      }
      i++;
      StringBuilder qual = new StringBuilder();
      while (qual.length() < seq.length()) {
        qual.append(chomp(lines[i++]));
      }
      String title = header.substring(1);
      int space = -1;
      for (int k = 0; k < title.length(); k++) {
        if (title.charAt(k) == ' ' || title.charAt(k) == '\t') {
          space = k;
          break;
        }
      }
      String name = space < 0 ? title : title.substring(0, space);
      String description = space < 0 ? "null" : title.substring(space + 1);
      records.add(name + "|" + description + "|" + seq + "|" + qual);
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

  private static String chomp(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
