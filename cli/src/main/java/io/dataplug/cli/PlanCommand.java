package io.dataplug.cli;

import io.dataplug.formats.api.ReadMetric;
import io.dataplug.formats.api.ScanPlan;
import io.dataplug.formats.api.ScanRequest;
import io.dataplug.formats.api.Slice;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;

/** {@code plan}: the slices each partition would read, and what planning kept. */
final class PlanCommand implements DataplugCli.Command {
  @Override
  public void run(CliArgs args, PrintStream out, PrintStream err) throws Exception {
    CliRead read = CliRead.of(args);
    var dataset = read.format.open(read.store, read.options);
    List<String> columns = dataset.schema().getFields().stream().map(Field::getName).toList();
    ScanPlan plan = dataset.plan(ScanRequest.all(columns));
    out.printf("%d partitions%n", plan.partitions().size());
    for (int i = 0; i < plan.partitions().size(); i++) {
      for (Slice slice : plan.partitions().get(i)) {
        out.printf(Locale.ROOT, "  partition %d: %s%n", i, slice.describe());
      }
    }
    Map<ReadMetric, Long> m = plan.planningMetrics();
    if (m.containsKey(ReadMetric.RUNS_PLANNED)) {
      out.printf(Locale.ROOT, "%d of %d blocks/chunks planned, %,d of %,d bytes%n", m.get(ReadMetric.RUNS_PLANNED),
          m.get(ReadMetric.RUNS_TOTAL), m.get(ReadMetric.BYTES_PLANNED), m.get(ReadMetric.BYTES_TOTAL));
    }
    if (m.containsKey(ReadMetric.DECODE_AMPLIFICATION)) {
      out.printf(Locale.ROOT, "tiles: %,d points to decode for %,d in the blocks read, decode amplification %.3f%n",
          m.get(ReadMetric.POINTS_PLANNED), m.get(ReadMetric.POINTS_IN_PLANNED_BLOCKS),
          m.get(ReadMetric.DECODE_AMPLIFICATION) / 1000.0);
    }
    for (String warning : plan.warnings()) {
      out.println("warning: " + warning);
    }
  }
}
