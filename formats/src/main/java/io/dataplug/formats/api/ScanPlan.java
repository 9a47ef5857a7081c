package io.dataplug.formats.api;

import java.util.List;
import java.util.Map;

/**
 * A planned read: the partitions (each a list of slices), the reader factory that executors open them with, the
 * warnings planning gave, what planning measured (units and bytes seen and kept), and, when the dataset names a
 * {@link FormatDataset#partitionKeyColumn partition key column}, each partition's value of it (else empty).
 */
public record ScanPlan(List<List<Slice>> partitions, SliceReaderFactory readers, List<String> warnings,
    Map<ReadMetric, Long> planningMetrics, List<Long> partitionKeys) {
  public ScanPlan {
    partitions = List.copyOf(partitions);
    warnings = List.copyOf(warnings);
    planningMetrics = Map.copyOf(planningMetrics);
    partitionKeys = List.copyOf(partitionKeys);
    if (!partitionKeys.isEmpty() && partitionKeys.size() != partitions.size()) {
      throw new IllegalArgumentException(partitionKeys.size() + " partition keys for " + partitions.size()
          + " partitions");
    }
  }

  public ScanPlan(List<List<Slice>> partitions, SliceReaderFactory readers, List<String> warnings,
      Map<ReadMetric, Long> planningMetrics) {
    this(partitions, readers, warnings, planningMetrics, List.of());
  }
}
