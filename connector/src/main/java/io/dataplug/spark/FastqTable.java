package io.dataplug.spark;

import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** The FASTQ files at the given paths, as a readable table. */
final class FastqTable implements SupportsRead {
  private final String sourceName;
  private final CaseInsensitiveStringMap options;
  private final FastqReadOptions readOptions;

  FastqTable(String sourceName, CaseInsensitiveStringMap options) {
    this.sourceName = sourceName;
    this.options = options;
    this.readOptions = new FastqReadOptions(options);
  }

  @Override
  public String name() {
    return sourceName + " " + String.join(", ", readOptions.paths);
  }

  @Override
  public StructType schema() {
    return FastqSchemas.sparkSchema(readOptions.columns());
  }

  @Override
  public Set<TableCapability> capabilities() {
    return Set.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
    return new FastqScanBuilder(readOptions, SparkHadoop.configuration(options), schema());
  }
}
