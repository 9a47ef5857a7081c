package io.dataplug.formats.api;

import java.util.List;
import java.util.Map;

/**
 * A planned read: the partitions (each a list of slices), the reader factory that executors open them with, the
 * warnings planning gave, and what planning measured (units and bytes seen and kept).
 */
public record ScanPlan(List<List<Slice>> partitions, SliceReaderFactory readers, List<String> warnings,
    Map<ReadMetric, Long> planningMetrics) {
  public ScanPlan {
    partitions = List.copyOf(partitions);
    warnings = List.copyOf(warnings);
    planningMetrics = Map.copyOf(planningMetrics);
  }
}
