package io.dataplug.spark;

import io.dataplug.formats.api.DataFormat;
import io.dataplug.formats.api.FormatDataset;
import io.dataplug.formats.api.ReadOptions;
import io.dataplug.formats.storage.HadoopBlobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** The files at the given paths read with one format, as a readable table; options are parsed here, once. */
final class SparkTable implements SupportsRead {
  private final String sourceName;
  private final DataFormat format;
  private final ReadOptions options;
  private final Configuration conf;
  private final Map<String, String> properties;
  private FormatDataset dataset;
  private StructType schema;

  SparkTable(String sourceName, DataFormat format, CaseInsensitiveStringMap options) {
    this.sourceName = sourceName;
    this.format = format;
    this.options = SparkReadConf.parse(format, options);
    this.properties = options.asCaseSensitiveMap();
    this.conf = SparkHadoop.configuration(this.options.fileSystemSettings());
  }

  /** Whether this table was made from exactly these options. */
  boolean madeFrom(Map<String, String> options) {
    return properties.equals(options);
  }

  FormatDataset dataset() {
    if (dataset == null) {
      try {
        dataset = format.open(new HadoopBlobStore(conf), options);
        dataset.runTasksWith(new SparkTaskRunner(conf));
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    return dataset;
  }

  @Override
  public String name() {
    return sourceName + " " + String.join(", ", options.paths());
  }

  @Override
  public StructType schema() {
    if (schema == null) {
      try {
        schema = SparkSchemas.fromArrow(dataset().schema());
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return Set.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
    return new SparkScanBuilder(dataset(), options, conf, schema());
  }
}
