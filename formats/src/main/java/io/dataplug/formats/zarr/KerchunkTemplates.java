package io.dataplug.formats.zarr;

import java.util.HashMap;
import java.util.Map;

/**
 * The part of Jinja that Kerchunk version 1 reference sets use (fsspec's {@code spec.rst}, "Version 1"): text with
 * {@code {{ expression }}} holes, where an expression is built from integers, quoted strings, variables (a {@code gen}
 * entry's dimensions), templates (a name, or a call {@code f(c='text')} that renders template {@code f} with those
 * variables), parentheses, {@code + - * / // % **} and {@code ~} (concatenation). Values render as Python's
 * {@code str} would. Anything else (filters, statements, comparisons) is an error naming the text.
 */
final class KerchunkTemplates {
  private final Map<String, String> templates;

  KerchunkTemplates(Map<String, String> templates) {
    this.templates = Map.copyOf(templates);
  }

  /** {@code text} with its holes filled from {@code variables} and the templates. */
  String render(String text, Map<String, Object> variables, String where) throws ZarrFormatException {
    if (!text.contains("{{") && !text.contains("{%")) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < text.length()) {
      int open = text.indexOf("{{", at);
      int statement = text.indexOf("{%", at);
      if (statement >= 0 && (open < 0 || statement < open)) {
        throw new ZarrFormatException(where + ": '" + text + "' uses a Jinja statement ({% ... %}), which Kerchunk"
            + " references do not need and this reader does not evaluate");
      }
      if (open < 0) {
        out.append(text, at, text.length());
        break;
      }
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        throw new ZarrFormatException(where + ": '" + text + "' opens {{ without closing it");
      }
      out.append(text, at, open);
      Parser parser = new Parser(text.substring(open + 2, close), variables, where, text);
      out.append(str(parser.expression()));
      parser.end();
      at = close + 2;
    }
    return out.toString();
  }

  /** Python's str of an int, a float or a string. */
  private static String str(Object value) {
    if (value instanceof Double d) {
      if (d.isNaN()) {
        return "nan";
      }
      if (d.isInfinite()) {
        return d > 0 ? "inf" : "-inf";
      }
      return d == Math.rint(d) && Math.abs(d) < 1e16 ? String.format(java.util.Locale.ROOT, "%.1f", d)
          : Double.toString(d);
    }
    return String.valueOf(value);
  }

  /** A recursive-descent parser that evaluates as it goes. */
  private final class Parser {
    private final String source;
    private final Map<String, Object> variables;
    private final String where;
    private final String text;
    private int pos;

    Parser(String source, Map<String, Object> variables, String where, String text) {
      this.source = source;
      this.variables = variables;
      this.where = where;
      this.text = text;
    }

    private ZarrFormatException error(String what) {
      return new ZarrFormatException(where + ": cannot render '" + text + "': " + what + " at '"
          + source.substring(Math.min(pos, source.length())).trim() + "' (Kerchunk templates use names, numbers,"
          + " strings, calls of templates, + - * / // % ** and ~)");
    }

    private void skipSpaces() {
      while (pos < source.length() && Character.isWhitespace(source.charAt(pos))) {
        pos++;
      }
    }

    private boolean eat(String token) {
      skipSpaces();
      if (source.startsWith(token, pos)) {
        pos += token.length();
        return true;
      }
      return false;
    }

    void end() throws ZarrFormatException {
      skipSpaces();
      if (pos < source.length()) {
        throw error("unexpected text");
      }
    }

    /** concatenation: sum ('~' sum)* */
    Object expression() throws ZarrFormatException {
      Object value = sum();
      while (eat("~")) {
        value = str(value) + str(sum());
      }
      return value;
    }

    private Object sum() throws ZarrFormatException {
      Object value = product();
      while (true) {
        if (eat("+")) {
          Object right = product();
          value = value instanceof String || right instanceof String ? concat(value, right)
              : arithmetic('+', value, right);
        } else if (eat("-")) {
          value = arithmetic('-', value, product());
        } else {
          return value;
        }
      }
    }

    private Object concat(Object left, Object right) throws ZarrFormatException {
      if (!(left instanceof String) || !(right instanceof String)) {
        throw error("+ of a string and a number");
      }
      return left + (String) right;
    }

    private Object product() throws ZarrFormatException {
      Object value = power();
      while (true) {
        if (eat("//")) {
          value = arithmetic('f', value, power());
        } else if (eat("*")) {
          value = arithmetic('*', value, power());
        } else if (eat("/")) {
          value = arithmetic('/', value, power());
        } else if (eat("%")) {
          value = arithmetic('%', value, power());
        } else {
          return value;
        }
      }
    }

    private Object power() throws ZarrFormatException {
      Object base = unary();
      if (eat("**")) {
        return arithmetic('^', base, power());
      }
      return base;
    }

    private Object unary() throws ZarrFormatException {
      if (eat("-")) {
        return arithmetic('-', 0L, unary());
      }
      if (eat("+")) {
        return arithmetic('+', 0L, unary());
      }
      return atom();
    }

    private Object atom() throws ZarrFormatException {
      skipSpaces();
      if (eat("(")) {
        Object value = expression();
        if (!eat(")")) {
          throw error("a missing )");
        }
        return value;
      }
      if (pos >= source.length()) {
        throw error("a missing value");
      }
      char c = source.charAt(pos);
      if (c == '\'' || c == '"') {
        int close = source.indexOf(c, pos + 1);
        if (close < 0) {
          throw error("an unclosed string");
        }
        String s = source.substring(pos + 1, close);
        pos = close + 1;
        return s;
      }
      if (Character.isDigit(c)) {
        int start = pos;
        while (pos < source.length() && (Character.isDigit(source.charAt(pos)) || source.charAt(pos) == '.')) {
          pos++;
        }
        String number = source.substring(start, pos);
        return number.contains(".") ? (Object) Double.parseDouble(number) : (Object) Long.parseLong(number);
      }
      if (Character.isLetter(c) || c == '_') {
        int start = pos;
        while (pos < source.length() && (Character.isLetterOrDigit(source.charAt(pos)) || source.charAt(pos) == '_')) {
          pos++;
        }
        String name = source.substring(start, pos);
        if (eat("(")) {
          return call(name);
        }
        if (variables.containsKey(name)) {
          return variables.get(name);
        }
        if (templates.containsKey(name)) {
          return render(templates.get(name), variables, where + " template " + name);
        }
        throw error("the unknown name '" + name + "'");
      }
      throw error("an unexpected character");
    }

    /** {@code name(k=v, ...)}: template {@code name} rendered with only these variables (as fsspec does). */
    private Object call(String name) throws ZarrFormatException {
      String template = templates.get(name);
      if (template == null) {
        throw error("a call of '" + name + "', which is no template");
      }
      Map<String, Object> arguments = new HashMap<>();
      if (!eat(")")) {
        do {
          skipSpaces();
          int start = pos;
          while (pos < source.length() && (Character.isLetterOrDigit(source.charAt(pos))
              || source.charAt(pos) == '_')) {
            pos++;
          }
          String argument = source.substring(start, pos);
          if (argument.isEmpty() || !eat("=")) {
            throw error("a template call without name=value arguments");
          }
          arguments.put(argument, expression());
        } while (eat(","));
        if (!eat(")")) {
          throw error("a missing ) of a call");
        }
      }
      return render(template, arguments, where + " template " + name);
    }

    private Object arithmetic(char op, Object left, Object right) throws ZarrFormatException {
      if (!(left instanceof Number a) || !(right instanceof Number b)) {
        throw error("arithmetic on a string");
      }
      if (a instanceof Long x && b instanceof Long y && op != '/') {
        if ((op == 'f' || op == '%') && y == 0) {
          throw error("division by zero");
        }
        return switch (op) {
          case '+' -> x + y;
          case '-' -> x - y;
          case '*' -> x * y;
          case 'f' -> Math.floorDiv(x, y);
          case '%' -> Math.floorMod(x, y);
          default -> y >= 0 ? (Object) (long) Math.pow(x, y) : (Object) Math.pow(x, y);
        };
      }
      double x = a.doubleValue();
      double y = b.doubleValue();
      if ((op == '/' || op == 'f' || op == '%') && y == 0) {
        throw error("division by zero");
      }
      return switch (op) {
        case '+' -> x + y;
        case '-' -> x - y;
        case '*' -> x * y;
        case '/' -> x / y;
        case 'f' -> Math.floor(x / y);
        case '%' -> x - Math.floor(x / y) * y;
        default -> Math.pow(x, y);
      };
    }
  }
}
