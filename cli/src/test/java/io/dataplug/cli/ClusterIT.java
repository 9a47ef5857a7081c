package io.dataplug.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.testing.FastqGenerator;
import io.dataplug.formats.testing.GzipWriters;
import io.dataplug.spark.S3ProxyServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster: a master and a worker in their own JVMs on 127.0.0.1, executors launched by the
 * worker, the connector shipped as a jar with spark.jars, the data on S3Proxy. The scan gives the same result as a
 * local Spark.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ClusterIT {
  @TempDir static Path temp;
  static S3ProxyServer s3;
  static Path sparkHome;
  static final List<Process> daemons = new ArrayList<>();
  static String masterUrl;
  /** This build's output folder (target, or target-spark-4.0 for the Spark 4.0 build). */
  static final Path TARGET = Path.of(System.getProperty("cli.target", "target"));

  @BeforeAll
  static void startClusterAndStore() throws Exception {
    s3 = new S3ProxyServer(temp);
    s3.createBucket("runs");
    Configuration conf = new Configuration();
    s3.configure(conf);
    Path local = Files.write(temp.resolve("run.fastq.gz"),
        GzipWriters.singleMember(FastqGenerator.generate(41, 24 << 20, false, 0), 6));
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path("s3a://runs/cluster/run.fastq.gz");
    FileSystem fs = target.getFileSystem(conf);
    fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), target);
    fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(
        Path.of(System.getProperty("dataplug.home", "..")).resolve("testdata/laz/autzen_trim.laz").toUri()),
        new org.apache.hadoop.fs.Path("s3a://runs/cluster/autzen_trim.laz"));
    fs.close();

    sparkHome = Files.createDirectories(temp.resolve("spark-home"));
    Path jars = Files.createDirectories(sparkHome.resolve("jars"));
    for (String jar : Files.readString(TARGET.resolve("classpath.txt")).trim().split(":")) {
      Path file = Path.of(jar);
      if (file.getFileName().toString().endsWith(".jar") && !file.toString().contains("dataplug")) {
        Files.createSymbolicLink(jars.resolve(file.getFileName()), file.toAbsolutePath());
      }
    }
    Path confDir = Files.createDirectories(sparkHome.resolve("conf"));
    Files.writeString(confDir.resolve("log4j2.properties"), String.join("\n",
        "rootLogger.level = info", "rootLogger.appenderRef.stdout.ref = console",
        "appender.console.type = Console", "appender.console.name = console",
        "appender.console.layout.type = PatternLayout", "appender.console.layout.pattern = %d %p %c{1}: %m%n", ""));

    int port = S3ProxyServer.freePort();
    masterUrl = "spark://127.0.0.1:" + port;
    // The daemons start through the Docker image's entry script, so the tests exercise what the containers run.
    daemons.add(startDaemon("master", "I have been elected leader", Map.of("SPARK_MASTER_HOST", "127.0.0.1",
        "SPARK_MASTER_PORT", Integer.toString(port), "SPARK_MASTER_WEBUI_PORT", Integer.toString(S3ProxyServer.freePort())),
        "master"));
    daemons.add(startDaemon("worker", "Successfully registered with master", Map.of("SPARK_WORKER_HOST", "127.0.0.1",
        "SPARK_WORKER_CORES", "2", "SPARK_WORKER_MEMORY", "2g",
        "SPARK_WORKER_WEBUI_PORT", Integer.toString(S3ProxyServer.freePort())), "worker", masterUrl));
  }

  static List<String> javaCommand(String classpath) {
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(Arrays.asList(System.getProperty("java17.flags").trim().split("\\s+")));
    command.add("-cp");
    command.add(classpath);
    return command;
  }

  static Process startDaemon(String name, String readyLine, Map<String, String> env, String... args) throws Exception {
    Path script = Path.of(System.getProperty("dataplug.home", "..")).resolve("docker/bin/spark-role.sh");
    List<String> command = new ArrayList<>(List.of("bash", script.toString()));
    command.addAll(List.of(args));
    Path log = temp.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    environment(builder.environment());
    builder.environment().putAll(env);
    Process process = builder.start();
    long deadline = System.currentTimeMillis() + 90_000;
    while (!Files.exists(log) || !Files.readString(log).contains(readyLine)) {
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not start:\n" + (Files.exists(log) ? Files.readString(log) : ""));
      }
      Thread.sleep(200);
    }
    return process;
  }

  static void environment(Map<String, String> env) {
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", System.getProperty("scala.binary", "2.12"));
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
  }

  @AfterAll
  static void stopEverything() {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      Process daemon = daemons.get(i);
      daemon.destroy();
      try {
        if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
          daemon.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (s3 != null) {
      s3.close();
    }
  }

  /** Runs bin/dataplug's main class as its own driver JVM and returns its standard output. */
  static String dataplug(String... args) throws Exception {
    String classpath = TARGET.resolve("classes").toAbsolutePath() + ":" + Files.readString(TARGET.resolve("classpath.txt")).trim();
    List<String> command = javaCommand(classpath);
    command.add("-Xmx1g");
    command.add(DataplugCli.class.getName());
    command.addAll(List.of(args));
    for (Map.Entry<String, String> e : s3.s3aSettings(s3.endpoint()).entrySet()) {
      command.add("--conf");
      command.add("spark.hadoop." + e.getKey() + "=" + e.getValue());
    }
    Path out = Files.createTempFile(temp, "driver", ".out");
    Path err = Files.createTempFile(temp, "driver", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    environment(builder.environment());
    Process driver = builder.start();
    if (!driver.waitFor(300, TimeUnit.SECONDS)) {
      driver.destroyForcibly();
      throw new IllegalStateException("driver timed out:\n" + Files.readString(err));
    }
    assertThat(driver.exitValue()).as("driver failed:\n%s", tail(err)).isZero();
    return Files.readString(out);
  }

  static String tail(Path file) throws IOException {
    String text = Files.readString(file);
    return text.substring(Math.max(0, text.length() - 6000));
  }

  static long[] scanResult(String output) {
    Matcher m = Pattern.compile("\\{\"records\":(\\d+),\"checksum\":(-?\\d+),\"partitions\":(\\d+),\"perPartition\":\\[([\\d,]+)]")
        .matcher(output);
    assertThat(m.find()).as(output).isTrue();
    List<Long> values = new ArrayList<>(List.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
    for (String n : m.group(4).split(",")) {
      values.add(Long.parseLong(n));
    }
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  @Test
  void clusterScanOfAnS3ObjectEqualsLocalScan() throws Exception {
    String uri = "s3a://runs/cluster/run.fastq.gz";
    String jar = Path.of(System.getProperty("connector.jar")).toAbsolutePath().toString();
    assertThat(Path.of(jar)).exists();
    long[] local = scanResult(dataplug("scan", uri, "--partitions", "8", "--checkpoint-span", "1m"));
    long[] cluster = scanResult(dataplug("scan", uri, "--partitions", "8", "--checkpoint-span", "1m",
        "--master", masterUrl, "--conf", "spark.jars=" + jar, "--conf", "spark.executor.memory=1g",
        "--conf", "spark.cores.max=2"));
    assertThat(cluster[2]).as("partitions").isEqualTo(8);
    assertThat(cluster).as("records, checksum, partitions and per-partition counts").containsExactly(local);
    assertThat(Files.readString(temp.resolve("worker.log"))).contains("Asked to launch executor");
  }

  /** A real LAZ file (3 chunks) on S3, read by LAZ chunk on the cluster: the same points as a local read. */
  @Test
  void clusterScanOfALazObjectEqualsLocalScan() throws Exception {
    String uri = "s3a://runs/cluster/autzen_trim.laz";
    String jar = Path.of(System.getProperty("connector.jar")).toAbsolutePath().toString();
    long[] local = scanResult(dataplug("scan", uri, "--split-size", "300k"));
    long[] cluster = scanResult(dataplug("scan", uri, "--split-size", "300k", "--master", masterUrl,
        "--conf", "spark.jars=" + jar, "--conf", "spark.executor.memory=1g", "--conf", "spark.cores.max=2"));
    assertThat(cluster[0]).as("points").isEqualTo(110_000);
    assertThat(cluster[2]).as("partitions").isGreaterThan(1);
    assertThat(cluster).as("points, checksum, partitions and per-partition counts").containsExactly(local);
  }

  /**
   * Spark's own text source over an indexed .gz on S3, split by the codec that reaches the executors only in the
   * connector jar (spark.jars): the same lines as a local read, from several partitions.
   */
  @Test
  void theSplittableGzipCodecReachesExecutorsThroughSparkJars() throws Exception {
    String uri = "s3a://runs/cluster/run.fastq.gz";
    String jar = Path.of(System.getProperty("connector.jar")).toAbsolutePath().toString();
    assertThat(dataplug("index", "--format", "text", "--checkpoint-span", "256k", "--index-location",
        "s3a://runs/text-indexes", uri)).contains("codec gzip");
    String[] scan = {"scan", "--format", "text", uri, "--conf", "spark.sql.files.maxPartitionBytes=1m",
        "--conf", "spark.hadoop.dataplug.gzip.indexLocation=s3a://runs/text-indexes"};
    long[] local = scanResult(dataplug(scan));
    List<String> onCluster = new ArrayList<>(List.of(scan));
    onCluster.addAll(List.of("--master", masterUrl, "--conf", "spark.jars=" + jar, "--conf",
        "spark.executor.memory=1g", "--conf", "spark.cores.max=2"));
    long[] cluster = scanResult(dataplug(onCluster.toArray(new String[0])));
    assertThat(cluster).as("lines, checksum, partitions and per-partition counts").containsExactly(local);
    long partitionsWithLines = java.util.Arrays.stream(cluster, 3, cluster.length).filter(n -> n > 0).count();
    assertThat(partitionsWithLines).as("partitions that read lines").isGreaterThan(2);
  }
}
