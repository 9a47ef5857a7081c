package io.dataplug.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The independent readers and tools the cross-check tests run: the project's virtualenv and Debian tools. */
public final class ExternalTools {
  public static final Path HOME = Path.of("..").toAbsolutePath().normalize();

  private ExternalTools() {}

  /** Creates the project's virtualenv once (notebooks/setup-venv.sh; again only when its requirements change). */
  public static void setUpVenv() throws IOException, InterruptedException {
    run(List.of("bash", HOME.resolve("notebooks/setup-venv.sh").toString()), 1500);
  }

  /** A program of the virtualenv, such as {@code python} or {@code rapidgzip}. */
  public static String venv(String program) {
    return HOME.resolve("notebooks/.venv/bin").resolve(program).toString();
  }

  /** Runs a command; fails the test unless it exits 0 within {@code seconds}. Returns its standard output. */
  public static String run(List<String> command, int seconds) throws IOException, InterruptedException {
    Path log = Files.createTempFile("tool", ".out");
    Process process = new ProcessBuilder(command).redirectErrorStream(false).redirectOutput(log.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    String out = Files.readString(log);
    Files.delete(log);
    assertThat(process.exitValue()).as("%s\n%s", command, out).isZero();
    return out;
  }
}
