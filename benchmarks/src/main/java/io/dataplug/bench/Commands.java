package io.dataplug.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the external programs compared against: timed, their standard output counted or captured. */
final class Commands {
  private Commands() {}

  /** What a command did: wall seconds, bytes written to standard output, and that output if it was captured. */
  record Outcome(double seconds, long stdoutBytes, String stdout) {}

  /** Runs {@code command}, counting (not keeping) its standard output, as a pipe into a consumer would. */
  static Outcome counted(List<String> command) throws IOException, InterruptedException {
    return run(command, false);
  }

  /** Runs {@code command} and keeps its standard output (small outputs only: JSON from the Python helpers). */
  static Outcome captured(List<String> command) throws IOException, InterruptedException {
    return run(command, true);
  }

  /**
   * Runs {@code command} with its standard output going to /dev/null: a decompressor at its best, writing nowhere
   * (no pipe, no consumer). The outcome counts no bytes.
   */
  static Outcome discarded(List<String> command) throws IOException, InterruptedException {
    Path errors = java.nio.file.Files.createTempFile("bench-cmd", ".err");
    try {
      long start = System.nanoTime();
      Process process = new ProcessBuilder(command).redirectError(errors.toFile())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      process.getOutputStream().close();
      return finish(command, process, start, errors, 0, "");
    } finally {
      java.nio.file.Files.deleteIfExists(errors);
    }
  }

  private static Outcome run(List<String> command, boolean keep) throws IOException, InterruptedException {
    Path errors = java.nio.file.Files.createTempFile("bench-cmd", ".err");
    try {
      long start = System.nanoTime();
      Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
      process.getOutputStream().close();
      long bytes = 0;
      StringBuilder kept = new StringBuilder();
      byte[] buffer = new byte[1 << 20];
      try (InputStream out = process.getInputStream()) {
        for (int n; (n = out.read(buffer)) > 0; ) {
          bytes += n;
          if (keep) {
            kept.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
          }
        }
      }
      return finish(command, process, start, errors, bytes, kept.toString());
    } finally {
      java.nio.file.Files.deleteIfExists(errors);
    }
  }

  private static Outcome finish(List<String> command, Process process, long start, Path errors, long bytes,
      String kept) throws IOException, InterruptedException {
    if (!process.waitFor(2, TimeUnit.HOURS)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + String.join(" ", command));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (process.exitValue() != 0) {
      String err = java.nio.file.Files.readString(errors);
      throw new IllegalStateException("failed (exit " + process.exitValue() + "): " + String.join(" ", command)
          + "\n" + err.substring(Math.max(0, err.length() - 4000)));
    }
    return new Outcome(seconds, bytes, kept);
  }

  /** The first line a tool prints for {@code --version} (or the given flag), for the machine description. */
  static String version(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      process.waitFor(30, TimeUnit.SECONDS);
      return out.isEmpty() ? "?" : out.lines().findFirst().orElse("?");
    } catch (IOException | InterruptedException e) {
      return "not found";
    }
  }
}
