package io.dataplug.formats.vcf;

import java.io.Serializable;
import java.util.Locale;

/**
 * An INFO or FORMAT key as its header declares it (VCF 4.4 section 1.6.2): its value type and how many values it
 * holds.
 *
 * @param count the fixed count for {@link Number#FIXED}, else 0
 * @param declared false for keys a file uses without declaring them (read as strings)
 */
public record VcfField(String id, Type type, Number number, int count, boolean declared) implements Serializable {

  public enum Type { INTEGER, FLOAT, FLAG, CHARACTER, STRING }

  /** Number=n, A (one per ALT allele), R (one per allele), G (one per genotype), P (one per allele of the call, 4.4), '.' */
  public enum Number { FIXED, A, R, G, P, UNBOUNDED }

  /** An undeclared key: a string, as many values as given. */
  public static VcfField undeclared(String id) {
    return new VcfField(id, Type.STRING, Number.UNBOUNDED, 0, false);
  }

  /** Whether the column holds a list of values rather than one value. */
  public boolean isList() {
    return type != Type.FLAG && !(number == Number.FIXED && count <= 1);
  }

  /** The expected value count for a record with {@code altCount} ALT alleles and a call of {@code ploidy}; -1: any. */
  public int expectedCount(int altCount, int ploidy) {
    return switch (number) {
      case FIXED -> count;
      case A -> altCount;
      case R -> altCount + 1;
      case G -> ploidy <= 0 ? -1 : genotypeCount(altCount + 1, ploidy);
      case P -> ploidy <= 0 ? -1 : ploidy;
      case UNBOUNDED -> -1;
    };
  }

  /** Genotypes of {@code ploidy} over {@code alleles} alleles: C(alleles + ploidy - 1, ploidy). */
  static int genotypeCount(int alleles, int ploidy) {
    long result = 1;
    for (int i = 1; i <= ploidy; i++) {
      result = result * (alleles - 1 + i) / i;
      if (result > Integer.MAX_VALUE) {
        return -1;
      }
    }
    return (int) result;
  }

  /** The union of two declarations of one key across files: the same, a list when counts differ, else strings. */
  VcfField union(VcfField other) {
    if (equals(other)) {
      return this;
    }
    if (type == other.type) {
      return isList() == other.isList() && !isList() ? this : new VcfField(id, type, Number.UNBOUNDED, 0, declared);
    }
    return new VcfField(id, Type.STRING, Number.UNBOUNDED, 0, declared && other.declared);
  }

  @Override
  public String toString() {
    return id + "(" + type.name().toLowerCase(Locale.ROOT) + ", Number=" + (number == Number.FIXED ? count
        : number == Number.UNBOUNDED ? "." : number.name()) + ")";
  }
}
