package io.dataplug.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the numbers were measured on: processor, cores, memory, disk, and the versions of every tool compared. */
final class Machine {
  private Machine() {}

  static List<String> describe(Path python, Path work) {
    List<String> lines = new ArrayList<>();
    lines.add("cpu: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores available to the JVM");
    lines.add("memory: " + memTotal());
    try {
      Files.createDirectories(work);
      lines.add("disk free at the work folder: " + (Files.getFileStore(work).getUsableSpace() >> 30) + " GiB");
    } catch (IOException e) {
      lines.add("disk free: ?");
    }
    lines.add("os: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    lines.add("java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    lines.add("spark: " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ", scala "
        + scala.util.Properties.versionNumberString() + ", hadoop " + org.apache.hadoop.util.VersionInfo.getVersion());
    lines.add("gzip: " + Commands.version("gzip", "--version"));
    lines.add("pigz: " + Commands.version("pigz", "--version"));
    lines.add("igzip: " + Commands.version("igzip", "--version"));
    lines.add("libdeflate-gunzip: " + Commands.version("libdeflate-gunzip", "-V"));
    lines.add("gztool: " + Commands.version("gztool", "-h").replaceAll("\\s+", " "));
    lines.add("python: " + Commands.version(python.toString(), "--version"));
    lines.add("python packages: " + Commands.version(python.toString(), "-c",
        "import importlib.metadata as m; print(', '.join(p + ' ' + m.version(p) for p in "
            + "['rapidgzip', 'cloud-dataplug', 'laspy', 'lazrs', 'boto3', 'zarr', 'numcodecs', 'xarray']))"));
    return lines;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static String memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal")) {
          long kib = Long.parseLong(line.replaceAll("\\D", ""));
          return (kib >> 20) + " GiB";
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return (Runtime.getRuntime().maxMemory() >> 20) + " MiB JVM heap";
  }
}
