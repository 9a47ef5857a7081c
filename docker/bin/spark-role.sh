#!/usr/bin/env bash
# Entry point of the dataplug Spark image: starts one Spark standalone role in the foreground.
#   spark-role.sh master                 (env: SPARK_MASTER_HOST, SPARK_MASTER_PORT, SPARK_MASTER_WEBUI_PORT)
#   spark-role.sh worker MASTER_URL      (env: SPARK_WORKER_HOST, SPARK_WORKER_CORES, SPARK_WORKER_MEMORY,
#                                              SPARK_WORKER_WEBUI_PORT)
# Runs the JVM directly from $SPARK_HOME/jars, so the same script serves the image and the project's cluster test.
set -euo pipefail
role="${1:?usage: spark-role.sh master | worker MASTER_URL}"
: "${SPARK_HOME:?SPARK_HOME must be set}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# Spark 3.5 on Java 17 needs these opened modules (Spark's launcher adds them for executors itself).
flags=(-XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false)
# slf4j's API first: the AWS SDK v2 bundle (S3A on Spark 4) carries its own copy, and a wildcard's order is the
# directory's, so without this the daemons may log nothing at all.
slf4j_api="$(ls "$SPARK_HOME"/jars/slf4j-api-*.jar 2>/dev/null | head -1 || true)"
classpath="$SPARK_HOME/conf:${slf4j_api:+$slf4j_api:}$SPARK_HOME/jars/*"
case "$role" in
  master)
    exec "$java_bin" "${flags[@]}" -Xmx"${SPARK_DAEMON_MEMORY:-512m}" -cp "$classpath" \
      org.apache.spark.deploy.master.Master \
      --host "${SPARK_MASTER_HOST:-0.0.0.0}" --port "${SPARK_MASTER_PORT:-7077}" \
      --webui-port "${SPARK_MASTER_WEBUI_PORT:-8080}"
    ;;
  worker)
    master_url="${2:?usage: spark-role.sh worker MASTER_URL}"
    exec "$java_bin" "${flags[@]}" -Xmx"${SPARK_DAEMON_MEMORY:-512m}" -cp "$classpath" \
      org.apache.spark.deploy.worker.Worker \
      --host "${SPARK_WORKER_HOST:-0.0.0.0}" --cores "${SPARK_WORKER_CORES:-2}" \
      --memory "${SPARK_WORKER_MEMORY:-2g}" --webui-port "${SPARK_WORKER_WEBUI_PORT:-8081}" "$master_url"
    ;;
  *)
    echo "spark-role.sh: unknown role '$role' (use master or worker)" >&2
    exit 2
    ;;
esac
