package io.dataplug.formats.api;

import java.util.List;

/**
 * What a query asks of a read: the columns (in order), the pushed predicates (a conjunction) and a limit on rows
 * (-1 for none).
 */
public record ScanRequest(List<String> columns, List<Predicate> predicates, long limit) {
  public ScanRequest {
    columns = List.copyOf(columns);
    predicates = List.copyOf(predicates);
  }

  public static ScanRequest all(List<String> columns) {
    return new ScanRequest(columns, List.of(), -1);
  }
}
