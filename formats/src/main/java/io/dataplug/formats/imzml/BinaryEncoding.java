package io.dataplug.formats.imzml;

/**
 * How one binary data array is stored in the {@code .ibd}: its number type (PSI-MS binary data type terms) and its
 * compression (MS:1000576 none, MS:1000574 zlib), packed in a byte for the index.
 */
enum BinaryEncoding {
  FLOAT32(4, true, "MS:1000521"),
  FLOAT64(8, true, "MS:1000523"),
  INT32(4, false, "MS:1000519"),
  INT64(8, false, "MS:1000522");

  static final String NO_COMPRESSION = "MS:1000576";
  static final String ZLIB = "MS:1000574";

  final int bytes;
  final boolean floating;
  final String accession;

  BinaryEncoding(int bytes, boolean floating, String accession) {
    this.bytes = bytes;
    this.floating = floating;
    this.accession = accession;
  }

  /** The type an accession names; IMS:1000141 and IMS:1000142 are the imaging ontology's names for the integers. */
  static BinaryEncoding ofAccession(String accession) {
    return switch (accession) {
      case "MS:1000521" -> FLOAT32;
      case "MS:1000523" -> FLOAT64;
      case "MS:1000519", "IMS:1000141" -> INT32;
      case "MS:1000522", "IMS:1000142" -> INT64;
      default -> null;
    };
  }

  static byte pack(BinaryEncoding type, boolean zlib) {
    return (byte) (type.ordinal() | (zlib ? 0x10 : 0));
  }

  static BinaryEncoding typeOf(byte packed) {
    return values()[packed & 0x0F];
  }

  static boolean zlib(byte packed) {
    return (packed & 0x10) != 0;
  }

  static String describe(byte packed) {
    BinaryEncoding type = typeOf(packed);
    return (type.floating ? type.bytes * 8 + "-bit float" : type.bytes * 8 + "-bit integer")
        + (zlib(packed) ? ", zlib" : "");
  }
}
