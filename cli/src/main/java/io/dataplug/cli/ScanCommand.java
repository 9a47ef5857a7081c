package io.dataplug.cli;

import io.dataplug.hadoop.SplittableGzipCodec;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code scan}: reads every record and prints one JSON line: the record count, a checksum of every column of every
 * record (the sum of their xxhash64, the same whatever the partitioning), the partitions and the records of each.
 * {@code --format text} reads lines through Spark's text source and the splittable gzip codec.
 */
final class ScanCommand implements DataplugCli.Command {
  @Override
  public void run(CliArgs args, PrintStream out, PrintStream err) throws Exception {
    boolean text = io.dataplug.formats.text.LineIndexes.FORMAT.equals(args.tool.get("format"));
    CliRead read = text ? null : CliRead.of(args);
    SparkJobs.withSpark(args, spark -> {
      long start = System.nanoTime();
      // --format text: Spark's own text source, .gz files split by the splittable gzip codec.
      Dataset<Row> df = text
          ? spark.read().option("io.compression.codecs", SplittableGzipCodec.class.getName())
              .text(args.paths.toArray(new String[0]))
          : SparkJobs.reader(spark, read).load(args.paths.toArray(new String[0]));
      int partitions = df.rdd().getNumPartitions();
      List<Row> rows = df.select(functions.spark_partition_id().as("p"), functions.xxhash64(functions.col("*")).as("h"))
          // Summed as exact decimals (a sum of longs overflows, an error in ANSI mode, Spark 4's default), then
          // wrapped to 64 bits: the same checksum as a wrapping long sum, on every Spark version.
          .groupBy("p").agg(functions.count("*"), functions.sum(functions.col("h").cast("decimal(38,0)")))
          .orderBy("p").collectAsList();
      double seconds = (System.nanoTime() - start) / 1e9;
      long[] perPartition = new long[partitions];
      long records = 0;
      long checksum = 0;
      for (Row row : rows) {
        perPartition[row.getInt(0)] = row.getLong(1);
        records += row.getLong(1);
        checksum += row.isNullAt(2) ? 0 : row.getDecimal(2).toBigInteger().longValue();
      }
      StringBuilder json = new StringBuilder();
      json.append("{\"records\":").append(records).append(",\"checksum\":").append(checksum)
          .append(",\"partitions\":").append(partitions).append(",\"perPartition\":[");
      for (int i = 0; i < partitions; i++) {
        json.append(i == 0 ? "" : ",").append(perPartition[i]);
      }
      json.append("],\"seconds\":").append(String.format(Locale.ROOT, "%.3f", seconds)).append('}');
      out.println(json);
    });
  }
}
