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

  private static String chomp(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
