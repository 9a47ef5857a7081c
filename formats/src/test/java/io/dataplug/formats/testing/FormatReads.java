package io.dataplug.formats.testing;

import io.dataplug.formats.api.BatchReader;
import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.OptionSpec;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.ScanPlan;
import io.dataplug.formats.api.Slice;
import io.dataplug.formats.storage.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Reads a plan through the format interface alone, as an engine would, into row strings and summed metrics. */
public final class FormatReads {
  public final List<String> rows = new ArrayList<>();
  public final Map<ReadMetric, Long> metrics = new EnumMap<>(ReadMetric.class);
  public long allocatorsLeftOpen;

  /** The options of {@code wanted} that the format declares: a format refuses options it does not know. */
  public static Map<String, String> declared(DataFormat format, Map<String, String> wanted) {
    Map<String, String> out = new java.util.HashMap<>();
    for (OptionSpec<?> spec : format.options()) {
      if (wanted.containsKey(spec.name())) {
        out.put(spec.name(), wanted.get(spec.name()));
      }
    }
    return out;
  }

  public static List<String> allColumns(FormatDataset dataset) throws IOException {
    return dataset.schema().getFields().stream().map(Field::getName).toList();
  }

  /**
   * One value as text, the same for every engine: numbers as doubles, lists as {@code [a, b]}, structs as
   * {@code {name=value, ...}} without their null fields, the rest as text.
   */
  public static String render(Object value) {
    if (value instanceof Number n) {
      return Double.toString(n.doubleValue());
    }
    if (value instanceof List<?> list) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(render(list.get(i)));
      }
      return out.append(']').toString();
    }
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      map.forEach((k, v) -> {
        if (v != null) {
          out.append(out.length() == 1 ? "" : ", ").append(k).append('=').append(render(v));
        }
      });
      return out.append('}').toString();
    }
    return String.valueOf(value);
  }

  /** Every row of every partition in order; each partition read with its own child allocator, checked at close. */
  public static FormatReads read(BlobStore store, ScanPlan plan, long rowLimit) throws IOException {
    FormatReads out = new FormatReads();
    try (BufferAllocator root = new RootAllocator()) {
      for (List<Slice> partition : plan.partitions()) {
        long taken = 0;
        try (BufferAllocator allocator = root.newChildAllocator("partition", 0, Long.MAX_VALUE);
            BatchReader reader = plan.readers().open(store, partition, allocator)) {
          while ((rowLimit < 0 || taken < rowLimit) && reader.next()) {
            for (int i = 0; i < reader.rows() && (rowLimit < 0 || taken < rowLimit); i++, taken++) {
              StringBuilder row = new StringBuilder();
              for (FieldVector v : reader.vectors()) {
                row.append(render(v.getObject(i))).append('|');
              }
              out.rows.add(row.toString());
            }
          }
          reader.metrics().forEach((k, v) -> out.metrics.merge(k, v, Long::sum));
        }
        if (rowLimit >= 0 && out.rows.size() >= rowLimit) {
          break;
        }
      }
      out.allocatorsLeftOpen = root.getChildAllocators().size();
    }
    return out;
  }
}
