#!/usr/bin/env bash
# Puts the connector jar and S3A (hadoop-aws 3.3.4 + the AWS SDK bundle it was built with) into docker/jars for the
# image. Run after `mvn -DskipTests install`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$here/docker/jars"
cp "$here"/connector/target/dataplug-spark_2.12-*.jar "$here/docker/jars/"
mvn -B -q -f "$here/pom.xml" dependency:copy -DoutputDirectory="$here/docker/jars" \
  -Dartifact=org.apache.hadoop:hadoop-aws:3.3.4
mvn -B -q -f "$here/pom.xml" dependency:copy -DoutputDirectory="$here/docker/jars" \
  -Dartifact=com.amazonaws:aws-java-sdk-bundle:1.12.262
rm -f "$here"/docker/jars/*-tests.jar
ls "$here/docker/jars"
