package io.dataplug.formats.imzml;

import io.dataplug.formats.storage.BlobIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the spectra of an {@code .imzML} (mzML 1.1 with the imaging MS vocabulary) in one streaming pass: the UUID
 * and mode of {@code fileContent}, the referenceable parameter groups, and per spectrum its position (scan
 * IMS:1000050/51/52), total ion current (MS:1000285) and both binary data arrays (type and compression from their
 * parameter group or their own cvParams; IMS:1000102 offset, IMS:1000103 length, IMS:1000104 encoded length).
 */
final class ImzmlParser {
  private static final String UUID = "IMS:1000080";
  private static final String CONTINUOUS = "IMS:1000030";
  private static final String PROCESSED = "IMS:1000031";
  private static final String POSITION_X = "IMS:1000050";
  private static final String POSITION_Y = "IMS:1000051";
  private static final String POSITION_Z = "IMS:1000052";
  private static final String TOTAL_ION_CURRENT = "MS:1000285";
  private static final String MZ_ARRAY = "MS:1000514";
  private static final String INTENSITY_ARRAY = "MS:1000515";
  private static final String EXTERNAL_OFFSET = "IMS:1000102";
  private static final String EXTERNAL_LENGTH = "IMS:1000103";
  private static final String EXTERNAL_ENCODED_LENGTH = "IMS:1000104";

  private final String uri;
  private final XMLStreamReader xml;
  private final Map<String, Map<String, String>> groups = new HashMap<>();
  /** The elements whose cvParams are read, innermost last, each with its parameters so far. */
  private final Deque<Map<String, String>> holders = new ArrayDeque<>();
  private final Deque<String> holderNames = new ArrayDeque<>();

  private String uuid;
  private Boolean continuous;
  private int count;
  private int[] x = new int[256];
  private int[] y = new int[256];
  private int[] z = new int[256];
  private double[] tic = new double[256];
  private boolean[] hasTic = new boolean[256];
  private final Locations mz = new Locations();
  private final Locations intensity = new Locations();
  private boolean mzSeen;
  private boolean intensitySeen;

  private ImzmlParser(String uri, XMLStreamReader xml) {
    this.uri = uri;
    this.xml = xml;
  }

  /** Parses the XML of {@code uri}; {@code ibd} is the identity of the {@code .ibd} the index is bound to. */
  static ImzmlIndex parse(String uri, InputStream in, BlobIdentity imzml, BlobIdentity ibd) throws IOException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    try {
      XMLStreamReader xml = factory.createXMLStreamReader(in);
      try {
        return new ImzmlParser(uri, xml).read(imzml, ibd);
      } finally {
        xml.close();
      }
    } catch (XMLStreamException e) {
      throw new ImzmlFormatException(uri + " is not well-formed XML (" + e.getMessage() + ")", e);
    }
  }

  private ImzmlIndex read(BlobIdentity imzml, BlobIdentity ibd) throws XMLStreamException, IOException {
    boolean root = true;
    while (xml.hasNext()) {
      int event = xml.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        String name = xml.getLocalName();
        if (root) {
          if (!name.equals("mzML") && !name.equals("indexedmzML")) {
            throw new ImzmlFormatException(uri + " is not an imzML file: its root element is <" + name
                + ">, not <mzML>");
          }
          root = false;
        }
        start(name);
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        end(xml.getLocalName());
      }
    }
    if (uuid == null) {
      throw new ImzmlFormatException(uri + " has no " + UUID + " (universally unique identifier) in its"
          + " fileContent: it is mzML, not imzML, or it is truncated");
    }
    if (continuous == null) {
      throw new ImzmlFormatException(uri + " declares neither " + CONTINUOUS + " (continuous) nor " + PROCESSED
          + " (processed) in its fileContent");
    }
    int n = count;
    return new ImzmlIndex(imzml, ibd, uuid, continuous, identity(n), Arrays.copyOf(x, n), Arrays.copyOf(y, n),
        Arrays.copyOf(z, n), Arrays.copyOf(tic, n), Arrays.copyOf(hasTic, n), mz.done(n), intensity.done(n));
  }

  private static int[] identity(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }

  private void start(String name) throws ImzmlFormatException {
    switch (name) {
      case "fileContent", "spectrum", "scan", "binaryDataArray" -> push(name, new HashMap<>());
      case "referenceableParamGroup" -> {
        Map<String, String> group = new HashMap<>();
        groups.put(xml.getAttributeValue(null, "id"), group);
        push(name, group);
      }
      case "referenceableParamGroupRef" -> {
        if (!holders.isEmpty()) {
          String ref = xml.getAttributeValue(null, "ref");
          Map<String, String> group = groups.get(ref);
          if (group == null) {
            throw error("refers to the parameter group '" + ref + "', which is not declared before it");
          }
          holders.peekLast().putAll(group);
        }
      }
      case "cvParam" -> {
        if (!holders.isEmpty()) {
          String value = xml.getAttributeValue(null, "value");
          holders.peekLast().put(xml.getAttributeValue(null, "accession"), value == null ? "" : value);
        }
      }
      default -> {
      }
    }
  }

  private void push(String name, Map<String, String> params) {
    holders.addLast(params);
    holderNames.addLast(name);
  }

  private void end(String name) throws ImzmlFormatException {
    if (holderNames.isEmpty() || !holderNames.peekLast().equals(name)) {
      return;
    }
    holderNames.removeLast();
    Map<String, String> params = holders.removeLast();
    switch (name) {
      case "fileContent" -> fileContent(params);
      case "scan" -> spectrumParams().putAll(positionsOnly(params));
      case "binaryDataArray" -> binaryDataArray(params);
      case "spectrum" -> spectrum(params);
      default -> {
      }
    }
  }

  private Map<String, String> spectrumParams() throws ImzmlFormatException {
    if (!"spectrum".equals(holderNames.peekLast())) {
      throw error("has a scan or binary data array outside a spectrum");
    }
    return holders.peekLast();
  }

  private static Map<String, String> positionsOnly(Map<String, String> scan) {
    Map<String, String> out = new HashMap<>();
    for (String key : new String[] {POSITION_X, POSITION_Y, POSITION_Z}) {
      if (scan.containsKey(key)) {
        out.put(key, scan.get(key));
      }
    }
    return out;
  }

  private void fileContent(Map<String, String> params) throws ImzmlFormatException {
    String value = params.get(UUID);
    if (value != null) {
      String hex = value.replace("{", "").replace("}", "").replace("-", "").trim().toLowerCase(Locale.ROOT);
      if (!hex.matches("[0-9a-f]{32}")) {
        throw error("has the UUID '" + value + "', not 32 hexadecimal digits");
      }
      uuid = hex;
    }
    if (params.containsKey(CONTINUOUS)) {
      continuous = true;
    } else if (params.containsKey(PROCESSED)) {
      continuous = false;
    }
  }

  /** Keeps a binary data array's parameters in its spectrum under a key naming its kind. */
  private void binaryDataArray(Map<String, String> params) throws ImzmlFormatException {
    Map<String, String> spectrum = spectrumParams();
    String kind = params.containsKey(MZ_ARRAY) ? "mz" : params.containsKey(INTENSITY_ARRAY) ? "intensity" : null;
    if (kind == null) {
      return;
    }
    for (Map.Entry<String, String> e : params.entrySet()) {
      spectrum.put(kind + " " + e.getKey(), e.getValue());
    }
    spectrum.put(kind, "");
  }

  private void spectrum(Map<String, String> params) throws ImzmlFormatException {
    int i = count;
    if (i == x.length) {
      int grown = i * 2;
      x = Arrays.copyOf(x, grown);
      y = Arrays.copyOf(y, grown);
      z = Arrays.copyOf(z, grown);
      tic = Arrays.copyOf(tic, grown);
      hasTic = Arrays.copyOf(hasTic, grown);
    }
    x[i] = position(params, POSITION_X, "x", i);
    y[i] = position(params, POSITION_Y, "y", i);
    // pyimzML's rule: a spectrum without a z position is at z = 1.
    z[i] = params.containsKey(POSITION_Z) ? position(params, POSITION_Z, "z", i) : 1;
    String t = params.get(TOTAL_ION_CURRENT);
    hasTic[i] = t != null && !t.isEmpty();
    tic[i] = hasTic[i] ? number(t, "total ion current", i) : Double.NaN;
    mz.add(i, params, "mz", "m/z array (" + MZ_ARRAY + ")");
    intensity.add(i, params, "intensity", "intensity array (" + INTENSITY_ARRAY + ")");
    count = i + 1;
  }

  private int position(Map<String, String> params, String accession, String axis, int spectrum)
      throws ImzmlFormatException {
    String value = params.get(accession);
    if (value == null) {
      throw error("spectrum " + spectrum + " has no position " + axis + " (" + accession + ") in its scan");
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw error("spectrum " + spectrum + " has position " + axis + " '" + value + "', not an integer");
    }
  }

  private double number(String value, String what, int spectrum) throws ImzmlFormatException {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw error("spectrum " + spectrum + " has " + what + " '" + value + "', not a number");
    }
  }

  private ImzmlFormatException error(String what) {
    return new ImzmlFormatException(uri + " (line " + xml.getLocation().getLineNumber() + ") " + what);
  }

  /** The locations of one kind of array, growing while spectra are read. */
  private final class Locations {
    private long[] offset = new long[256];
    private int[] length = new int[256];
    private long[] encodedLength = new long[256];
    private byte[] encoding = new byte[256];

    void add(int i, Map<String, String> params, String kind, String what) throws ImzmlFormatException {
      if (i == offset.length) {
        int grown = i * 2;
        offset = Arrays.copyOf(offset, grown);
        length = Arrays.copyOf(length, grown);
        encodedLength = Arrays.copyOf(encodedLength, grown);
        encoding = Arrays.copyOf(encoding, grown);
      }
      if (!params.containsKey(kind)) {
        throw error("spectrum " + i + " has no " + what);
      }
      String prefix = kind + " ";
      BinaryEncoding type = null;
      boolean zlib = false;
      for (Map.Entry<String, String> e : params.entrySet()) {
        if (!e.getKey().startsWith(prefix)) {
          continue;
        }
        String accession = e.getKey().substring(prefix.length());
        BinaryEncoding t = BinaryEncoding.ofAccession(accession);
        if (t != null) {
          type = t;
        } else if (accession.equals(BinaryEncoding.ZLIB)) {
          zlib = true;
        } else if (isOtherCompression(accession)) {
          throw error("spectrum " + i + " compresses its " + what + " with " + accession + ", which this reader"
              + " does not decode (it reads no compression, MS:1000576, and zlib, MS:1000574)");
        }
      }
      if (type == null) {
        throw error("spectrum " + i + " gives no binary data type (32/64-bit float or integer) for its " + what);
      }
      long off = longParam(params, prefix + EXTERNAL_OFFSET, i, what, "external offset");
      // pyimzML's repair: some writers store offsets past 2 GiB as signed 32-bit numbers.
      if (off < 0 && off >= Integer.MIN_VALUE) {
        off += 1L << 32;
      }
      long len = longParam(params, prefix + EXTERNAL_LENGTH, i, what, "external array length");
      long encoded = longParam(params, prefix + EXTERNAL_ENCODED_LENGTH, i, what, "external encoded length");
      if (len < 0 || len > Integer.MAX_VALUE - 8 || encoded < 0 || (!zlib && encoded != len * type.bytes)) {
        throw error("spectrum " + i + " declares its " + what + " as " + len + " values in " + encoded
            + " bytes, which does not fit " + BinaryEncoding.describe(BinaryEncoding.pack(type, zlib)));
      }
      offset[i] = off;
      length[i] = (int) len;
      encodedLength[i] = encoded;
      encoding[i] = BinaryEncoding.pack(type, zlib);
    }

    private long longParam(Map<String, String> params, String key, int i, String what, String name)
        throws ImzmlFormatException {
      String value = params.get(key);
      if (value == null) {
        throw error("spectrum " + i + " has no " + name + " (" + key.substring(key.indexOf(' ') + 1) + ") for its "
            + what + ": only external data (an .ibd) is read");
      }
      try {
        return Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        throw error("spectrum " + i + " has " + name + " '" + value + "' for its " + what + ", not an integer");
      }
    }

    ImzmlIndex.ArrayLocations done(int n) {
      return new ImzmlIndex.ArrayLocations(Arrays.copyOf(offset, n), Arrays.copyOf(length, n),
          Arrays.copyOf(encodedLength, n), Arrays.copyOf(encoding, n));
    }
  }

  /** PSI-MS compression terms other than none and zlib (numpress, zstd...). */
  private static boolean isOtherCompression(String accession) {
    return switch (accession) {
      case "MS:1002312", "MS:1002313", "MS:1002314", "MS:1002746", "MS:1002747", "MS:1002748" -> true;
      default -> false;
    };
  }
}
