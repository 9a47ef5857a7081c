package io.dataplug.formats.vcf;

import htsjdk.tribble.TribbleException;
import htsjdk.tribble.readers.LineIterator;
import htsjdk.variant.vcf.VCFCodec;
import htsjdk.variant.vcf.VCFCompoundHeaderLine;
import htsjdk.variant.vcf.VCFHeaderLineCount;
import io.dataplug.formats.text.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a reader needs of one VCF file's header, parsed with htsjdk's {@code VCFCodec}: the version, the samples,
 * the INFO and FORMAT declarations, and where the records start. Small and serializable: it travels with the file's
 * slices.
 *
 * @param headerLines lines before the first record (the {@code #CHROM} line included)
 * @param headerBytes uncompressed bytes before the first record
 */
public record VcfHeader(String uri, String version, List<String> samples, Map<String, VcfField> info,
    Map<String, VcfField> format, int headerLines, long headerBytes) implements Serializable {

  private static final Pattern VERSION = Pattern.compile("##fileformat=VCFv(\\d+)\\.(\\d+)");
  private static final Pattern NUMBER_P = Pattern.compile("^(##(?:FORMAT|INFO)=<.*?\\bID=([^,>]+).*?)Number=P\\b");
  private static final Pattern ID = Pattern.compile("\\bID=([^,>]+)");

  /** Whether values use the percent encoding of VCF 4.3 (section 1.2): {@code %3A} for ':' and so on. */
  public boolean percentEncoded() {
    Matcher m = VERSION.matcher("##fileformat=" + version);
    return m.matches() && (Integer.parseInt(m.group(1)) > 4
        || (Integer.parseInt(m.group(1)) == 4 && Integer.parseInt(m.group(2)) >= 3));
  }

  /** A header and the INFO and FORMAT keys that the first records use without declaring them. */
  public record Sampled(VcfHeader header, Set<String> undeclaredInfo, Set<String> undeclaredFormat) {}

  /** Reads the header from the start of the file's uncompressed bytes (reading ahead of it). */
  public static VcfHeader read(String uri, InputStream in) throws IOException {
    return read(uri, new LineReader(in, 0));
  }

  /**
   * Reads the header and looks at up to {@code records} records for keys the header does not declare (they become
   * string columns).
   */
  public static Sampled readSampled(String uri, InputStream in, int records) throws IOException {
    LineReader lines = new LineReader(in, 0);
    VcfHeader header = read(uri, lines);
    Set<String> info = new java.util.TreeSet<>();
    Set<String> format = new java.util.TreeSet<>();
    for (int seen = 0; seen < records && lines.next(); ) {
      byte[] b = lines.buffer();
      int from = lines.lineStart();
      int to = lines.lineEnd();
      if (to == from || b[from] == '#') {
        continue;
      }
      seen++;
      String[] columns = new String(b, from, to - from, StandardCharsets.UTF_8).split("\t", 10);
      if (columns.length >= 8 && !columns[7].equals(".")) {
        for (String entry : columns[7].split(";")) {
          String key = entry.split("=", 2)[0];
          if (!key.isEmpty() && !header.info().containsKey(key)) {
            info.add(key);
          }
        }
      }
      if (columns.length >= 9) {
        for (String key : columns[8].split(":")) {
          if (!key.isEmpty() && !key.equals("GT") && !header.format().containsKey(key)) {
            format.add(key);
          }
        }
      }
    }
    return new Sampled(header, info, format);
  }

  private static VcfHeader read(String uri, LineReader lines) throws IOException {
    List<String> text = new ArrayList<>();
    long headerBytes = 0;
    boolean sawColumns = false;
    while (lines.next()) {
      byte[] b = lines.buffer();
      int start = lines.lineStart();
      int end = lines.lineEnd();
      if (text.isEmpty() && !startsWith(b, start, end, "##fileformat=VCF")) {
        throw new VcfFormatException(uri + " is not a VCF file: it does not start with ##fileformat=VCF (line 1"
            + " is '" + preview(b, start, end) + "')");
      }
      if (end == start || b[start] != '#') {
        break;
      }
      text.add(new String(b, start, end - start, StandardCharsets.UTF_8));
      if (startsWith(b, start, end, "#CHROM")) {
        sawColumns = true;
        headerBytes = lines.consumed();
        break;
      }
    }
    if (text.isEmpty()) {
      throw new VcfFormatException(uri + " is empty, not a VCF file");
    }
    if (!sawColumns) {
      throw new VcfFormatException(uri + ": the header ends at line " + (text.size() + 1) + " without its #CHROM"
          + " line (or the file is truncated)");
    }
    return parse(uri, text, headerBytes);
  }

  private static VcfHeader parse(String uri, List<String> text, long headerBytes) throws VcfFormatException {
    Matcher v = VERSION.matcher(text.get(0).trim());
    String version = v.matches() ? "VCFv" + v.group(1) + "." + v.group(2) : text.get(0).substring(13).trim();
    boolean v44 = v.matches() && (Integer.parseInt(v.group(1)) > 4
        || (Integer.parseInt(v.group(1)) == 4 && Integer.parseInt(v.group(2)) >= 4));
    // htsjdk 4.3.0 reads up to VCF 4.3: a 4.4 header is read as 4.3, and its Number=P (4.4 section 1.4.2) as '.'
    // and restored here.
    Set<String> perPloidy = new HashSet<>();
    List<String> forHtsjdk = new ArrayList<>(text.size());
    for (int i = 0; i < text.size(); i++) {
      String line = text.get(i);
      if (i == 0 && v44) {
        line = "##fileformat=VCFv4.3";
      }
      Matcher p = NUMBER_P.matcher(line);
      if (p.find()) {
        Matcher id = ID.matcher(line);
        if (line.startsWith("##FORMAT") && id.find()) {
          perPloidy.add(id.group(1));
        }
        line = line.replaceFirst("Number=P\\b", "Number=.");
      }
      forHtsjdk.add(line);
    }
    htsjdk.variant.vcf.VCFHeader parsed;
    try {
      parsed = (htsjdk.variant.vcf.VCFHeader) new VCFCodec().readActualHeader(new Lines(forHtsjdk));
    } catch (TribbleException e) {
      throw new VcfFormatException(uri + ": malformed VCF header: " + e.getMessage());
    }
    Map<String, VcfField> info = fields(parsed.getInfoHeaderLines(), Set.of());
    Map<String, VcfField> format = fields(parsed.getFormatHeaderLines(), perPloidy);
    return new VcfHeader(uri, version, List.copyOf(parsed.getGenotypeSamples()), info, format, text.size(),
        headerBytes);
  }

  private static Map<String, VcfField> fields(Collection<? extends VCFCompoundHeaderLine> lines,
      Set<String> perPloidy) {
    Map<String, VcfField> out = new LinkedHashMap<>();
    for (VCFCompoundHeaderLine line : lines) {
      VcfField.Type type = switch (line.getType()) {
        case Integer -> VcfField.Type.INTEGER;
        case Float -> VcfField.Type.FLOAT;
        case Flag -> VcfField.Type.FLAG;
        case Character -> VcfField.Type.CHARACTER;
        case String -> VcfField.Type.STRING;
      };
      VcfField.Number number;
      int count = 0;
      if (perPloidy.contains(line.getID())) {
        number = VcfField.Number.P;
      } else if (line.getCountType() == VCFHeaderLineCount.INTEGER) {
        number = VcfField.Number.FIXED;
        count = line.getCount();
      } else {
        number = VcfField.Number.valueOf(line.getCountType().name());
      }
      out.putIfAbsent(line.getID(), new VcfField(line.getID(), type, number, count, true));
    }
    return out;
  }

  private static boolean startsWith(byte[] b, int start, int end, String prefix) {
    if (end - start < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (b[start + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static String preview(byte[] b, int start, int end) {
    String s = new String(b, start, Math.min(end - start, 40), StandardCharsets.ISO_8859_1);
    return s.chars().allMatch(c -> c >= 32 && c < 127) ? s : "binary data";
  }

  /** The 1-based line number of the record with this 0-based ordinal. */
  public long lineOf(long ordinal) {
    return headerLines + ordinal + 1;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s %s, %d samples, %d INFO and %d FORMAT keys", uri, version, samples.size(),
        info.size(), format.size());
  }

  /** htsjdk's line iterator over lines already read. */
  private static final class Lines implements LineIterator {
    private final Iterator<String> it;
    private String next;

    Lines(List<String> lines) {
      this.it = lines.iterator();
    }

    @Override
    public String peek() {
      if (next == null && it.hasNext()) {
        next = it.next();
      }
      return next;
    }

    @Override
    public boolean hasNext() {
      return peek() != null;
    }

    @Override
    public String next() {
      String out = peek();
      next = null;
      return out;
    }
  }
}
