"""The compose file's job: put the bundled FASTQ.gz sample into the S3 bucket, then read it back with the dataplug
connector in 8 partitions and print one JSON line. Also run by the project's tests outside Docker (NotebooksIT).

Environment: DATAPLUG_SAMPLE (a local file), DATAPLUG_TARGET (an s3a:// URI)."""
import json
import os

from pyspark.sql import SparkSession, functions as F

spark = SparkSession.builder.appName("dataplug-docker-job").getOrCreate()
sample = os.environ.get("DATAPLUG_SAMPLE", "/opt/dataplug/samples/ERR127302_1_subset.fastq.gz")
target = os.environ.get("DATAPLUG_TARGET", "s3a://runs/sample/ERR127302_1_subset.fastq.gz")

jvm = spark._jvm
hadoop_conf = spark._jsc.hadoopConfiguration()
destination = jvm.org.apache.hadoop.fs.Path(target)
# Stream the bytes (S3A 3.3.4's copyFromLocalFile trips over unqualified local paths).
out = destination.getFileSystem(hadoop_conf).create(destination, True)
with open(sample, "rb") as local:
    for chunk in iter(lambda: local.read(1 << 20), b""):
        out.write(bytearray(chunk))
out.close()

reads = (spark.read.format("dataplug-fastqgz")
         .option("checkpointSpan", "128k").option("partitions", "8")
         .load(target))
per_partition = (reads.select(F.spark_partition_id().alias("p")).groupBy("p").count().orderBy("p").collect())
result = {"records": reads.count(), "partitions": reads.rdd.getNumPartitions(),
          "perPartition": [row["count"] for row in per_partition]}
print(json.dumps(result))
assert result["records"] == sum(result["perPartition"]) > 0
spark.stop()
