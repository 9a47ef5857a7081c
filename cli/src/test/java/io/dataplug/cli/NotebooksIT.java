package io.dataplug.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.spark.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes every notebook in notebooks/ headless, in the virtualenv that notebooks/setup-venv.sh creates (PySpark
 * from PyPI), with the S3 part pointed at a real S3Proxy. Any cell error fails the test.
 */
@Timeout(value = 1500, unit = TimeUnit.SECONDS)
class NotebooksIT {
  static final Path HOME = Path.of(System.getProperty("dataplug.home", "..")).toAbsolutePath().normalize();
  @TempDir Path temp;

  static void run(List<String> command, Map<String, String> env, Path log, long timeoutSeconds) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command.get(0) + " timed out:\n" + Files.readString(log));
    }
    String output = Files.readString(log);
    // Name the program, not its arguments: they carry the test store's credentials.
    assertThat(process.exitValue()).as("%s failed:\n%s", command.get(0), output.substring(Math.max(0, output.length() - 8000)))
        .isZero();
  }

  /** What an executed notebook's cells printed (never their source): text, error names, and how many images. */
  record Outputs(String text, List<String> errors, int images) {
    static Outputs of(Path executed) throws java.io.IOException {
      com.fasterxml.jackson.databind.JsonNode notebook = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(executed.toFile());
      StringBuilder text = new StringBuilder();
      List<String> errors = new ArrayList<>();
      int images = 0;
      for (com.fasterxml.jackson.databind.JsonNode cell : notebook.path("cells")) {
        for (com.fasterxml.jackson.databind.JsonNode output : cell.path("outputs")) {
          String type = output.path("output_type").asText();
          if (type.equals("error")) {
            errors.add(output.path("ename").asText() + ": " + output.path("evalue").asText());
          }
          appendText(text, output.path("text"));
          appendText(text, output.path("data").path("text/plain"));
          if (output.path("data").has("image/png")) {
            images++;
          }
        }
      }
      return new Outputs(text.toString(), errors, images);
    }

    /** nbformat stores multi-line text as one string or as a list of lines. */
    private static void appendText(StringBuilder out, com.fasterxml.jackson.databind.JsonNode text) {
      if (text.isTextual()) {
        out.append(text.asText());
      }
      for (com.fasterxml.jackson.databind.JsonNode line : text) {
        out.append(line.asText());
      }
    }
  }

  /** The Spark line of this build: empty for 3.5, {@code -4.0} for the Spark 4.0 build. */
  static final String SPARK_LINE = System.getProperty("spark.line", "");
  static final Path TARGET = Path.of(System.getProperty("cli.target", "target"));

  /** The connector jar and S3A (hadoop-aws and the AWS SDK bundle of this build's Hadoop) for spark.jars. */
  static List<String> jars() throws java.io.IOException {
    List<String> jars = new ArrayList<>();
    jars.add(Path.of(System.getProperty("connector.jar")).toAbsolutePath().toString());
    for (String jar : Files.readString(TARGET.resolve("classpath.txt")).trim().split(":")) {
      if (jar.contains("hadoop-aws") || jar.contains("aws-java-sdk-bundle") || jar.contains("/awssdk/bundle/")) {
        jars.add(jar);
      }
    }
    return jars;
  }

  /** Puts the bundled FASTQ sample where the notebook's S3 part reads it. */
  static org.apache.hadoop.fs.Path uploadSample(S3ProxyServer s3) throws java.io.IOException {
    s3.createBucket("notebooks");
    Configuration conf = new Configuration();
    s3.configure(conf);
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path("s3a://notebooks/run1/ERR127302_1_subset.fastq.gz");
    try (FileSystem fs = target.getFileSystem(conf)) {
      fs.copyFromLocalFile(false, true,
          new org.apache.hadoop.fs.Path(HOME.resolve("testdata/fastq/ERR127302_1_subset.fastq.gz").toUri()), target);
    }
    return target;
  }

  /**
   * The FASTQ notebook on Spark 4.0, in a virtualenv with PySpark 4.0 from PyPI (notebooks/setup-venv.sh spark-4.0)
   * and this build's connector jar, ANSI mode on as Spark 4 has it: local and S3 reads agree.
   */
  @Test
  void theFastqNotebookRunsOnSpark4() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(SPARK_LINE.equals("-4.0"), "the Spark 4.0 build runs it");
    run(List.of("bash", "notebooks/setup-venv.sh", "spark-4.0"), Map.of(), temp.resolve("venv.log"), 1200);
    Path notebook = HOME.resolve("notebooks/fastq_qc.ipynb");
    try (S3ProxyServer s3 = new S3ProxyServer(temp)) {
      org.apache.hadoop.fs.Path target = uploadSample(s3);
      Map<String, String> env = Map.of("DATAPLUG_JARS", String.join(",", jars()), "DATAPLUG_S3_ENDPOINT", s3.endpoint(),
          "DATAPLUG_S3_ACCESS_KEY", s3.accessKey, "DATAPLUG_S3_SECRET_KEY", s3.secretKey,
          "DATAPLUG_S3_PATH", target.toString(), "SPARK_LOCAL_IP", "127.0.0.1");
      Path out = Files.createDirectories(TARGET.resolve("notebooks").toAbsolutePath());
      run(List.of(HOME.resolve("notebooks/.venv-spark-4.0/bin/jupyter").toString(), "nbconvert", "--to", "notebook",
          "--execute", "--ExecutePreprocessor.timeout=600", "--output-dir", out.toString(), notebook.toString()),
          env, temp.resolve("fastq_qc.log"), 900);
      Outputs outputs = Outputs.of(out.resolve(notebook.getFileName()));
      assertThat(outputs.errors).as("cell errors on Spark 4").isEmpty();
      assertThat(outputs.images).as("plots on Spark 4").isPositive();
      assertThat(outputs.text).contains("S3 read matches the local read");
      Path version = temp.resolve("pyspark-version.txt");
      run(List.of(HOME.resolve("notebooks/.venv-spark-4.0/bin/python").toString(), "-c",
          "import pyspark; print(pyspark.__version__)"), Map.of(), version, 60);
      assertThat(Files.readString(version).trim()).as("PySpark of the Spark 4.0 virtualenv").startsWith("4.0.");
    }
  }

  @Test
  void everyNotebookRunsWithoutErrors() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(SPARK_LINE.isEmpty(), "the Spark 3.5 build runs them");
    run(List.of("bash", "notebooks/setup-venv.sh"), Map.of(), temp.resolve("venv.log"), 1200);
    List<Path> notebooks;
    try (Stream<Path> files = Files.list(HOME.resolve("notebooks"))) {
      notebooks = files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
    assertThat(notebooks).isNotEmpty();

    List<String> jars = jars();
    try (S3ProxyServer s3 = new S3ProxyServer(temp)) {
      org.apache.hadoop.fs.Path target = uploadSample(s3);
      Map<String, String> env = Map.of(
          "DATAPLUG_JARS", String.join(",", jars),
          "DATAPLUG_S3_ENDPOINT", s3.endpoint(),
          "DATAPLUG_S3_ACCESS_KEY", s3.accessKey,
          "DATAPLUG_S3_SECRET_KEY", s3.secretKey,
          "DATAPLUG_S3_PATH", target.toString(),
          "SPARK_LOCAL_IP", "127.0.0.1");
      Path out = Files.createDirectories(Path.of("target/notebooks").toAbsolutePath());
      for (Path notebook : notebooks) {
        run(List.of(HOME.resolve("notebooks/.venv/bin/jupyter").toString(), "nbconvert", "--to", "notebook", "--execute",
            "--ExecutePreprocessor.timeout=600", "--output-dir", out.toString(), notebook.toString()),
            env, temp.resolve(notebook.getFileName() + ".log"), 900);
        Outputs outputs = Outputs.of(out.resolve(notebook.getFileName()));
        assertThat(outputs.errors).as("cell errors in %s", notebook.getFileName()).isEmpty();
        assertThat(outputs.images).as("plots in %s", notebook.getFileName()).isPositive();
        if (notebook.getFileName().toString().equals("fastq_qc.ipynb")) {
          // S3 is configured here, so the S3 cell must have run and compared, not skipped.
          assertThat(outputs.text).contains("S3 read matches the local read").doesNotContain("skipping the S3 part");
        }
        if (notebook.getFileName().toString().equals("arrays.ipynb")) {
          assertThat(outputs.text).contains("chunks where lat EQ 50.0 and lon EQ 10.0").contains("equals xarray's")
              .contains("the series from the NetCDF4 file through its Kerchunk references equals xarray's read");
        }
        if (notebook.getFileName().toString().equals("lidar_survey.ipynb")) {
          assertThat(outputs.text).contains("points in the box: 35579 of 110000");
        }
      }

      // The notebooks read the bundled files in place: their indexes must go to scratch folders, not into testdata.
      try (Stream<Path> files = Files.walk(HOME.resolve("testdata"))) {
        assertThat(files.filter(f -> f.getFileName().toString().startsWith(".")
            && f.getFileName().toString().endsWith(".dpidx")).toList()).as("indexes written into testdata").isEmpty();
      }

      // The Docker compose job, outside Docker: its script and the image's spark-defaults.conf, pointed at S3Proxy.
      s3.createBucket("runs");
      Path jobLog = temp.resolve("docker-job.log");
      List<String> submit = new ArrayList<>(List.of(HOME.resolve("notebooks/.venv/bin/spark-submit").toString(),
          "--master", "local[2]", "--properties-file", HOME.resolve("docker/conf/spark-defaults.conf").toString(),
          "--jars", String.join(",", jars), "--conf", "spark.ui.enabled=false"));
      for (Map.Entry<String, String> setting : s3.s3aSettings(s3.endpoint()).entrySet()) {
        submit.add("--conf");
        submit.add("spark.hadoop." + setting.getKey() + "=" + setting.getValue());
      }
      submit.add(HOME.resolve("docker/bin/upload-and-scan.py").toString());
      Map<String, String> jobEnv = new java.util.HashMap<>(env);
      jobEnv.put("PATH", HOME.resolve("notebooks/.venv/bin") + ":" + System.getenv("PATH"));
      jobEnv.put("PYSPARK_PYTHON", HOME.resolve("notebooks/.venv/bin/python").toString());
      jobEnv.put("DATAPLUG_SAMPLE", HOME.resolve("testdata/fastq/ERR127302_1_subset.fastq.gz").toString());
      jobEnv.put("DATAPLUG_TARGET", "s3a://runs/sample/ERR127302_1_subset.fastq.gz");
      run(submit, jobEnv, jobLog, 600);
      assertThat(Files.readString(jobLog)).containsPattern("\\{\"records\": 20000, \"partitions\": 8, \"perPartition\": \\[");
    }
  }
}
