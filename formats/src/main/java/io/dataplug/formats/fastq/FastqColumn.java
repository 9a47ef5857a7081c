package io.dataplug.formats.fastq;

import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** The columns a FASTQ source can produce. {@link #SOURCE_FILE} and {@link #ORDINAL} are opt-in. */
public enum FastqColumn {
  /** The read name: the header line after '@' up to the first space or tab. */
  NAME("name", false),
  /** The rest of the header line after that space or tab; null when there is none. */
  DESCRIPTION("description", true),
  SEQUENCE("sequence", false),
  QUALITY("quality", false),
  /** The URI of the file the record came from. */
  SOURCE_FILE("sourceFile", false),
  /** 0-based position of the record in its file. */
  ORDINAL("ordinal", false);

  private final String columnName;
  private final boolean nullable;

  FastqColumn(String columnName, boolean nullable) {
    this.columnName = columnName;
    this.nullable = nullable;
  }

  public String columnName() {
    return columnName;
  }

  public boolean nullable() {
    return nullable;
  }

  public Field arrowField() {
    ArrowType type = this == ORDINAL ? new ArrowType.Int(64, true) : ArrowType.Utf8.INSTANCE;
    return new Field(columnName, new FieldType(nullable, type, null), null);
  }

  public static FastqColumn byName(String name) {
    for (FastqColumn column : values()) {
      if (column.columnName.equalsIgnoreCase(name)) {
        return column;
      }
    }
    throw new IllegalArgumentException("No FASTQ column named '" + name + "'");
  }

  @Override
  public String toString() {
    return columnName.toLowerCase(Locale.ROOT);
  }
}
