package io.dataplug.formats.vcf;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The columns of a VCF read, Glow's schema: the fixed columns, {@code INFO_<key>} typed from the union of the
 * files' headers (or one {@code attributes} map), and {@code genotypes}, an array of one struct per sample whose
 * fields are the union of the FORMAT keys (GT becomes {@code phased} and {@code calls}; DP, FT, PL, GL, AD and GQ
 * take Glow's names).
 */
public final class VcfSchema implements Serializable {
  public static final String CONTIG_NAME = "contigName";
  public static final String START = "start";
  public static final String END = "end";
  public static final String NAMES = "names";
  public static final String REFERENCE_ALLELE = "referenceAllele";
  public static final String ALTERNATE_ALLELES = "alternateAlleles";
  public static final String QUAL = "qual";
  public static final String FILTERS = "filters";
  public static final String SPLIT_FROM_MULTI_ALLELIC = "splitFromMultiAllelic";
  public static final String ATTRIBUTES = "attributes";
  public static final String GENOTYPES = "genotypes";
  public static final String SOURCE_FILE = "sourceFile";
  public static final String INFO_PREFIX = "INFO_";
  public static final String SAMPLE_ID = "sampleId";
  public static final String PHASED = "phased";
  public static final String CALLS = "calls";

  /** Glow's names for the FORMAT keys of the spec (VCF 4.4 section 1.6.2). */
  private static final Map<String, String> GENOTYPE_NAMES = Map.of("DP", "depth", "FT", "filters", "PL",
      "phredLikelihoods", "GL", "genotypeLikelihoods", "AD", "alleleDepths", "GQ", "conditionalQuality");

  private final Map<String, VcfField> info;
  private final Map<String, VcfField> format;
  private final boolean flattenInfo;
  private final boolean sampleIds;
  private final boolean sourceFile;

  VcfSchema(List<VcfHeader> headers, Map<String, VcfField> undeclaredInfo, Map<String, VcfField> undeclaredFormat,
      boolean flattenInfo, boolean sampleIds, boolean sourceFile) {
    this.info = union(headers, true, undeclaredInfo);
    this.format = union(headers, false, undeclaredFormat);
    this.format.remove("GT");
    this.flattenInfo = flattenInfo;
    this.sampleIds = sampleIds;
    this.sourceFile = sourceFile;
  }

  private static Map<String, VcfField> union(List<VcfHeader> headers, boolean ofInfo,
      Map<String, VcfField> undeclared) {
    Map<String, VcfField> out = new LinkedHashMap<>();
    for (VcfHeader header : headers) {
      for (VcfField field : (ofInfo ? header.info() : header.format()).values()) {
        out.merge(field.id(), field, VcfField::union);
      }
    }
    undeclared.forEach(out::putIfAbsent);
    return out;
  }

  /** The INFO keys with a column, and the declaration (union over files) that types it. */
  public Map<String, VcfField> info() {
    return info;
  }

  /** The FORMAT keys (GT aside) with a genotype field, and the declaration that types it. */
  public Map<String, VcfField> format() {
    return format;
  }

  public boolean flattenInfo() {
    return flattenInfo;
  }

  public boolean sampleIds() {
    return sampleIds;
  }

  /** The genotype struct's field name of a FORMAT key. */
  public static String genotypeName(String key) {
    return GENOTYPE_NAMES.getOrDefault(key, key);
  }

  public Schema arrow() {
    List<Field> fields = new ArrayList<>();
    fields.add(scalar(CONTIG_NAME, ArrowType.Utf8.INSTANCE));
    fields.add(scalar(START, new ArrowType.Int(64, true)));
    fields.add(scalar(END, new ArrowType.Int(64, true)));
    fields.add(list(NAMES, ArrowType.Utf8.INSTANCE));
    fields.add(scalar(REFERENCE_ALLELE, ArrowType.Utf8.INSTANCE));
    fields.add(list(ALTERNATE_ALLELES, ArrowType.Utf8.INSTANCE));
    fields.add(scalar(QUAL, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)));
    fields.add(list(FILTERS, ArrowType.Utf8.INSTANCE));
    fields.add(scalar(SPLIT_FROM_MULTI_ALLELIC, ArrowType.Bool.INSTANCE));
    if (flattenInfo) {
      for (VcfField field : info.values()) {
        fields.add(valueField(INFO_PREFIX + field.id(), field));
      }
    } else {
      fields.add(stringMap(ATTRIBUTES));
    }
    List<Field> genotype = new ArrayList<>();
    if (sampleIds) {
      genotype.add(scalar(SAMPLE_ID, ArrowType.Utf8.INSTANCE));
    }
    genotype.add(scalar(PHASED, ArrowType.Bool.INSTANCE));
    genotype.add(list(CALLS, new ArrowType.Int(32, true)));
    for (VcfField field : format.values()) {
      genotype.add(valueField(genotypeName(field.id()), field));
    }
    fields.add(new Field(GENOTYPES, FieldType.nullable(ArrowType.List.INSTANCE),
        List.of(new Field("element", FieldType.nullable(ArrowType.Struct.INSTANCE), genotype))));
    if (sourceFile) {
      fields.add(scalar(SOURCE_FILE, ArrowType.Utf8.INSTANCE));
    }
    return new Schema(fields);
  }

  static ArrowType arrowType(VcfField.Type type) {
    return switch (type) {
      case INTEGER -> new ArrowType.Int(32, true);
      case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case FLAG -> ArrowType.Bool.INSTANCE;
      case CHARACTER, STRING -> ArrowType.Utf8.INSTANCE;
    };
  }

  private static Field valueField(String name, VcfField field) {
    ArrowType type = arrowType(field.type());
    return field.isList() ? list(name, type) : scalar(name, type);
  }

  private static Field scalar(String name, ArrowType type) {
    return new Field(name, FieldType.nullable(type), null);
  }

  private static Field list(String name, ArrowType type) {
    return new Field(name, FieldType.nullable(ArrowType.List.INSTANCE), List.of(scalar("element", type)));
  }

  private static Field stringMap(String name) {
    Field entries = new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE),
        List.of(new Field("key", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
            scalar("value", ArrowType.Utf8.INSTANCE)));
    return new Field(name, FieldType.nullable(new ArrowType.Map(false)), List.of(entries));
  }
}
