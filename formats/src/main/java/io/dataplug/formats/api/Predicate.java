package io.dataplug.formats.api;

import java.io.Serializable;

/**
 * A comparison of one column with a constant, the engine-neutral form of a pushed filter. Formats use the ones they
 * can prune with; the engine evaluates every filter again, so pruning never changes a result.
 */
public record Predicate(String column, Op op, Object value) implements Serializable {
  public enum Op {
    EQ, LT, LE, GT, GE
  }
}
