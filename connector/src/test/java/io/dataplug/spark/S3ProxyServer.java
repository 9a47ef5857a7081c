package io.dataplug.spark;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;

/**
 * A real S3-compatible server (S3Proxy over a local directory) in its own process on 127.0.0.1, for tests. The jar
 * is fetched by Maven into target/s3proxy; nothing is installed by hand.
 */
public final class S3ProxyServer implements AutoCloseable {
  public final String accessKey = "dataplug-test-access";
  public final String secretKey = "dataplug-secret-" + UUID.randomUUID();
  final int port;
  final Path dataDir;
  private final Process process;

  public S3ProxyServer(Path workDir) throws Exception {
    String jar = System.getProperty("s3proxy.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("S3Proxy jar not found at " + jar + ": run the tests through Maven (mvn verify)");
    }
    port = freePort();
    dataDir = Files.createDirectories(workDir.resolve("s3data"));
    Path properties = workDir.resolve("s3proxy.properties");
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + accessKey,
        "s3proxy.credential=" + secretKey,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + dataDir,
        ""));
    process = new ProcessBuilder("java", "-jar", jar, "--properties", properties.toString())
        .redirectErrorStream(true)
        .redirectOutput(workDir.resolve("s3proxy.log").toFile())
        .start();
    long deadline = System.currentTimeMillis() + 60_000;
    while (!answers()) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy exited: " + Files.readString(workDir.resolve("s3proxy.log")));
      }
      if (System.currentTimeMillis() > deadline) {
        close();
        throw new IllegalStateException("S3Proxy did not start within 60 s");
      }
      Thread.sleep(100);
    }
  }

  /** The port S3Proxy listens on (for a {@link FaultProxy} in front of it). */
  public int port() {
    return port;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  private boolean answers() {
    try {
      HttpURLConnection c = (HttpURLConnection) new URL(endpoint()).openConnection();
      c.setConnectTimeout(500);
      c.setReadTimeout(2000);
      c.getResponseCode();
      c.disconnect();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public void createBucket(String bucket) throws IOException {
    Files.createDirectories(dataDir.resolve(bucket));
  }

  /** S3A settings for this server, with tight timeouts and retries so a dead endpoint fails fast. */
  public Map<String, String> s3aSettings(String endpoint) {
    return Map.ofEntries(
        Map.entry("fs.s3a.endpoint", endpoint),
        Map.entry("fs.s3a.endpoint.region", "us-east-1"),
        Map.entry("fs.s3a.path.style.access", "true"),
        Map.entry("fs.s3a.connection.ssl.enabled", "false"),
        Map.entry("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"),
        Map.entry("fs.s3a.access.key", accessKey),
        Map.entry("fs.s3a.secret.key", secretKey),
        Map.entry("fs.s3a.experimental.input.fadvise", "random"),
        Map.entry("fs.s3a.connection.timeout", "10000"),
        Map.entry("fs.s3a.connection.establish.timeout", "5000"),
        Map.entry("fs.s3a.attempts.maximum", "3"),
        Map.entry("fs.s3a.retry.limit", "3"),
        Map.entry("fs.s3a.retry.interval", "100ms"),
        Map.entry("fs.s3a.retry.throttle.limit", "3"),
        Map.entry("fs.s3a.retry.throttle.interval", "100ms"));
  }

  public void configure(Configuration conf) {
    s3aSettings(endpoint()).forEach(conf::set);
  }

  /** Copies a local file to an {@code s3a://} URI through the configured S3A file system. */
  public static void upload(Configuration conf, Path local, String uri) throws IOException {
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(uri);
    target.getFileSystem(conf).copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), target);
  }

  /** Undoes {@link #configure}: closes the cached S3A file system of {@code bucket} and removes the settings. */
  public void unconfigure(Configuration conf, String bucket) throws IOException {
    org.apache.hadoop.fs.FileSystem.get(java.net.URI.create("s3a://" + bucket + "/"), conf).close();
    for (String key : s3aSettings("").keySet()) {
      conf.unset(key);
    }
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
