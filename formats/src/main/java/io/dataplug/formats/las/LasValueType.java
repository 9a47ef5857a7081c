package io.dataplug.formats.las;

/** The column type a LAS dimension is read as: unsigned fields are widened to the next signed type. */
public enum LasValueType {
  BOOLEAN, BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, DECIMAL20
}
