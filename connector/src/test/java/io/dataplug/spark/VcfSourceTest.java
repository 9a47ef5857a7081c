package io.dataplug.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The VCF source through Spark: Glow's schema, nested fields, the attributes map. */
class VcfSourceTest {
  @TempDir Path temp;
  static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.session();
  }

  Path copy(String name) throws IOException {
    return Files.copy(Path.of("../testdata/vcf").resolve(name), temp.resolve(name));
  }

  @Test
  void theSchemaIsGlowsWithInfoColumnsTypedFromTheHeader() throws IOException {
    Dataset<Row> df = spark.read().format("dataplug-vcf").load(copy("chr22.vcf.gz").toString());
    StructType schema = df.schema();
    assertThat(schema.fieldNames()).startsWith("contigName", "start", "end", "names", "referenceAllele",
        "alternateAlleles", "qual", "filters", "splitFromMultiAllelic");
    assertThat(schema.apply("INFO_AN").dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(schema.apply("INFO_AC").dataType()).isEqualTo(DataTypes.createArrayType(DataTypes.IntegerType));
    assertThat(schema.apply("INFO_AFR_AF").dataType()).isEqualTo(DataTypes.DoubleType);
    // htsjdk repairs the standard keys it knows (VCF 4.4 section 1.6.1): AF is Number=A whatever the header says.
    assertThat(schema.apply("INFO_AF").dataType()).isEqualTo(DataTypes.createArrayType(DataTypes.DoubleType));
    StructType genotype = (StructType) ((ArrayType) schema.apply("genotypes").dataType()).elementType();
    assertThat(genotype.fieldNames()).contains("sampleId", "phased", "calls", "genotypeLikelihoods", "DS");
  }

  @Test
  void aNestedFieldIsReadFromTheWholeColumn() throws IOException {
    Path file = copy("chr22.vcf.gz");
    Dataset<Row> df = spark.read().format("dataplug-vcf").option("splitSize", "64k").load(file.toString());
    List<Row> viaStruct = df.select(col("start"), explode(col("genotypes")).as("g"))
        .select(col("start"), col("g.sampleId"), col("g.calls")).collectAsList();
    List<Row> viaField = df.select(col("start"), explode(col("genotypes.calls")).as("calls")).collectAsList();
    assertThat(viaField).hasSize(viaStruct.size());
    for (int i = 0; i < viaField.size(); i++) {
      assertThat(viaField.get(i).get(1)).isEqualTo(viaStruct.get(i).get(2));
    }
    long nonReference = df.select(explode(col("genotypes.calls")).as("calls"))
        .where("array_contains(calls, 1)").count();
    assertThat(nonReference).isPositive();
  }

  @Test
  void withoutFlatteningInfoIsOneMapOfStrings() throws IOException {
    Dataset<Row> df = spark.read().format("dataplug-vcf").option("flattenInfoFields", "false")
        .load(copy("all43Features.utf8.vcf").toString());
    assertThat(df.schema().apply("attributes").dataType())
        .isEqualTo(new MapType(DataTypes.StringType, DataTypes.StringType, true));
    Row first = df.select(col("attributes").getItem("set"), col("attributes").getItem("AC")).first();
    // VCF 4.3 percent-encoding (section 1.2) is decoded.
    assertThat(first.getString(0)).isEqualTo("fil:teredInBoth");
    assertThat(first.getString(1)).isEqualTo("3");
  }

  @Test
  void samplesKeepsOnlyTheNamedSamples() throws IOException {
    Dataset<Row> df = spark.read().format("dataplug-vcf").option("samples", "HG00097, HG00100")
        .load(copy("chr22.vcf.gz").toString());
    List<Row> ids = df.select(col("genotypes.sampleId")).limit(2).collectAsList();
    assertThat(ids.get(0).getList(0)).containsExactly("HG00097", "HG00100");
  }
}
