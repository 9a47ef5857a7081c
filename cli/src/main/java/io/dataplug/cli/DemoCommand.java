package io.dataplug.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** {@code demo}, the README's first command: every command on the bundled real samples. */
final class DemoCommand implements DataplugCli.Command {
  @Override
  public void run(CliArgs args, PrintStream out, PrintStream err) throws Exception {
    DataplugCli cli = new DataplugCli(out, err);
    Path work = Path.of(args.tool.getOrDefault("out", home().resolve("target/demo").toString()));
    Files.createDirectories(work);
    Path sample = work.resolve("ERR127302_1_subset.fastq.gz");
    Path bundled = findBundledSample();
    Files.copy(bundled, sample, StandardCopyOption.REPLACE_EXISTING);
    // A small span so that this 4 MB sample shows several partitions.
    String[] common = {"--checkpoint-span", "256k", "--split-size", "1m"};
    out.println("== dataplug demo on " + bundled + " (copied to " + sample + ")");
    out.println("== index");
    cli.run(concat(new String[] {"index", sample.toString(), "--index", "rebuild"}, common));
    out.println("== plan");
    cli.run(concat(new String[] {"plan", sample.toString()}, common));
    out.println("== scan (local Spark)");
    cli.run(concat(new String[] {"scan", sample.toString()}, common));
    out.println("== convert to Parquet");
    cli.run(concat(new String[] {"convert", sample.toString(), "--to", "parquet", "--out",
        work.resolve("parquet").toString()}, common));

    Path laz = work.resolve("autzen_trim.laz");
    Files.copy(bundled.getParent().resolveSibling("laz/autzen_trim.laz"), laz, StandardCopyOption.REPLACE_EXISTING);
    out.println("== LiDAR: index " + laz + " (110,000 real points in 3 LAZ chunks)");
    cli.run(new String[] {"index", laz.toString(), "--index", "rebuild"});
    out.println("== LiDAR: plan 200 m tiles");
    cli.run(new String[] {"plan", laz.toString(), "--tile-size", "200"});
    out.println("== LiDAR: scan by chunks (local Spark)");
    cli.run(new String[] {"scan", laz.toString(), "--split-size", "300k"});
  }

  private static Path home() {
    return Path.of(System.getProperty("dataplug.home", "")).toAbsolutePath();
  }

  private static Path findBundledSample() {
    for (Path dir = home(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("testdata/fastq/ERR127302_1_subset.fastq.gz");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("cannot find testdata/fastq/ERR127302_1_subset.fastq.gz: run the demo from"
        + " the project");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
