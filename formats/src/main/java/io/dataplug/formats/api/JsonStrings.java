package io.dataplug.formats.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON array of strings, the form in which Spark's {@code DataFrameReader.load(String...)} passes several
 * paths; a small parser so that {@code formats} needs no JSON library.
 */
final class JsonStrings {
  private JsonStrings() {}

  static List<String> parseArray(String json, String what) {
    List<String> out = new ArrayList<>();
    int i = skip(json, 0);
    if (i >= json.length() || json.charAt(i) != '[') {
      throw bad(json, what);
    }
    i = skip(json, i + 1);
    if (i < json.length() && json.charAt(i) == ']') {
      return out;
    }
    while (true) {
      if (i >= json.length() || json.charAt(i) != '"') {
        throw bad(json, what);
      }
      StringBuilder s = new StringBuilder();
      i++;
      while (true) {
        if (i >= json.length()) {
          throw bad(json, what);
        }
        char c = json.charAt(i++);
        if (c == '"') {
          break;
        }
        if (c == '\\') {
          if (i >= json.length()) {
            throw bad(json, what);
          }
          char e = json.charAt(i++);
          switch (e) {
            case 'n' -> s.append('\n');
            case 't' -> s.append('\t');
            case 'r' -> s.append('\r');
            case 'b' -> s.append('\b');
            case 'f' -> s.append('\f');
            case 'u' -> {
              if (i + 4 > json.length()) {
                throw bad(json, what);
              }
              s.append((char) Integer.parseInt(json.substring(i, i + 4), 16));
              i += 4;
            }
            default -> s.append(e);
          }
        } else {
          s.append(c);
        }
      }
      out.add(s.toString());
      i = skip(json, i);
      if (i < json.length() && json.charAt(i) == ',') {
        i = skip(json, i + 1);
        continue;
      }
      if (i < json.length() && json.charAt(i) == ']') {
        return out;
      }
      throw bad(json, what);
    }
  }

  private static int skip(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static IllegalArgumentException bad(String json, String what) {
    return new IllegalArgumentException("Option " + what + " is not a JSON array of strings: " + json);
  }
}
