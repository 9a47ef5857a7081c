package io.dataplug.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code convert}: writes the records as Parquet, JSON or CSV and reads back their count. */
final class ConvertCommand implements DataplugCli.Command {
  @Override
  public void run(CliArgs args, PrintStream out, PrintStream err) throws Exception {
    String to = args.tool.get("to");
    String dir = args.tool.get("out");
    if (to == null || dir == null) {
      throw new IllegalArgumentException("convert needs --to parquet|json|csv and --out DIR");
    }
    if (!List.of("parquet", "json", "csv").contains(to)) {
      throw new IllegalArgumentException("--to must be parquet, json or csv, not " + to);
    }
    CliRead read = CliRead.of(args);
    SparkJobs.withSpark(args, spark -> {
      long start = System.nanoTime();
      Dataset<Row> df = SparkJobs.reader(spark, read).load(args.paths.toArray(new String[0]));
      df.write().mode("overwrite").option("header", "true").format(to).save(dir);
      long written = spark.read().format(to).option("header", "true").load(dir).count();
      out.printf(Locale.ROOT, "{\"records\":%d,\"format\":\"%s\",\"out\":\"%s\",\"seconds\":%.3f}%n", written, to, dir,
          (System.nanoTime() - start) / 1e9);
    });
  }
}
