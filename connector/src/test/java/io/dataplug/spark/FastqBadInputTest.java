package io.dataplug.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dataplug.formats.testing.GzipWriters;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gives a clear error naming the file and the offset or option: never wrong rows, never a hang. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FastqBadInputTest {
  static final Path REAL = Path.of("../testdata/fastq");
  static final String SAMPLE = "ERR127302_1_subset.fastq.gz";
  static SparkSession spark;
  static long sampleRecords;
  @TempDir Path temp;

  @BeforeAll
  static void setUp() throws Exception {
    spark = TestSpark.session();
    sampleRecords = FastqSourceTest.countOf(SAMPLE);
  }


  static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }

  DataFrameReader reader() {
    return spark.read().format("dataplug-fastqgz").option("checkpointSpan", "64k").option("splitSize", "256k");
  }

  /** Reads every column of every record, so that every byte is decoded. */
  long readAll(DataFrameReader reader, Path file) {
    return reader.load(file.toString()).selectExpr("sum(length(name) + length(sequence) + length(quality))")
        .collectAsList().size();
  }

  Path sample() throws Exception {
    return Files.copy(REAL.resolve(SAMPLE), temp.resolve(SAMPLE));
  }

  @Test
  void truncatedGzip() throws Exception {
    byte[] whole = Files.readAllBytes(REAL.resolve(SAMPLE));
    Path file = Files.write(temp.resolve("cut.fastq.gz"), Arrays.copyOf(whole, whole.length / 2));
    Throwable error = catchThrowable(() -> readAll(reader(), file));
    assertThat(messages(error)).contains("cut.fastq.gz").contains("truncated").contains("compressed byte");
  }

  @Test
  void corruptDeflateBytesInTheMiddle() throws Exception {
    byte[] bytes = Files.readAllBytes(REAL.resolve(SAMPLE));
    for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
      bytes[i] ^= (byte) 0x5a;
    }
    Path file = Files.write(temp.resolve("middle.fastq.gz"), bytes);
    Throwable error = catchThrowable(() -> readAll(reader(), file));
    // The garbage inflates far enough to break the record grammar before any checksum is reached.
    assertThat(messages(error)).contains("middle.fastq.gz")
        .contains("FASTQ record 9989 starting at byte 2036036 has no '+' line");
  }

  @Test
  void notFastq() throws Exception {
    Path gz = Files.write(temp.resolve("notes.fastq.gz"),
        GzipWriters.singleMember("just some notes\nnot a read\n".getBytes(StandardCharsets.US_ASCII), 6));
    assertThat(messages(catchThrowable(() -> readAll(reader(), gz))))
        .contains("notes.fastq.gz").contains("not a FASTQ file");
    Path plain = Files.writeString(temp.resolve("table.fastq"), "id,value\n1,2\n");
    assertThat(messages(catchThrowable(() -> readAll(spark.read().format("dataplug-fastq"), plain))))
        .contains("table.fastq").contains("not a FASTQ file");
  }

  @Test
  void truncatedRecordAtTheEnd() throws Exception {
    Path file = Files.writeString(temp.resolve("short.fastq"), "@r1\nACGT\n+\nIIII\n@r2\nACGT\n+\nII");
    assertThat(messages(catchThrowable(() -> readAll(spark.read().format("dataplug-fastq").option("index", "rebuild"), file))))
        .contains("short.fastq").contains("truncated").contains("record 1");
    Path noPlus = Files.writeString(temp.resolve("noplus.fastq"), "@r1\nACGT\n@r2\nACGT\n+\nIIII\n");
    assertThat(messages(catchThrowable(() -> readAll(spark.read().format("dataplug-fastq"), noPlus))))
        .contains("noplus.fastq").contains("no '+' line");
  }

  @Test
  void indexOfAnotherFileIsRebuiltInAutoModeAndRefusedInRequireMode() throws Exception {
    Path file = sample();
    Path other = Files.copy(REAL.resolve("multiblock.fastq.gz"), temp.resolve("other.fastq.gz"));
    readAll(reader(), other);
    Files.copy(temp.resolve(".other.fastq.gz.dpidx"), temp.resolve("." + SAMPLE + ".dpidx"));
    assertThat(messages(catchThrowable(() -> readAll(reader().option("index", "require"), file))))
        .contains("Stale index").contains(SAMPLE);
    assertThat(reader().load(file.toString()).count()).isEqualTo(sampleRecords);
  }

  @Test
  void staleIndexAfterTheFileChanged() throws Exception {
    Path file = sample();
    readAll(reader(), file);
    Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 60_000));
    assertThat(messages(catchThrowable(() -> readAll(reader().option("index", "require"), file))))
        .contains("Stale index").contains("changed");
    assertThat(messages(catchThrowable(() -> reader().option("index", "require").load(temp.resolve("none.fastq.gz").toString()).count())))
        .contains("none.fastq.gz");
  }

  @Test
  void changedBytesWithTheSameIdentityAreCaughtByTheSpanCrcs() throws Exception {
    Path file = sample();
    readAll(reader(), file);
    FileTime mtime = Files.getLastModifiedTime(file);
    // Same length and modification time, different content: only the per-span CRCs can tell.
    byte[] other = GzipWriters.singleMember(io.dataplug.formats.testing.FastqGenerator.generate(9, 6 << 20, false, 0), 6);
    byte[] same = Arrays.copyOf(other, (int) Files.size(file));
    Files.write(file, same);
    Files.setLastModifiedTime(file, mtime);
    // One slice from the first checkpoint, streamed by zlib: the new bytes inflate cleanly there (a valid gzip of
    // other reads), so only the span CRC32 can tell. (Slices resuming mid-stream may fail in deflate first.)
    String message = messages(catchThrowable(() -> readAll(reader().option("index", "require")
        .option("splitSize", "1g").option("inflater", "jdk"), file)));
    assertThat(message).contains(SAMPLE).contains("CRC32 of uncompressed bytes from the checkpoint..")
        .contains("the file changed after it was indexed");
    // libdeflate inflates the span to the next checkpoint in one call: the other file's bits end there mid-block.
    String inOneCall = messages(catchThrowable(() -> readAll(reader().option("index", "require")
        .option("splitSize", "1g"), file)));
    assertThat(inOneCall).contains(SAMPLE).containsAnyOf("corrupt deflate data in the span from compressed byte 0",
        "CRC32 of uncompressed bytes from the checkpoint..").contains("rebuild");
  }

  @Test
  void corruptIndex() throws Exception {
    Path file = sample();
    readAll(reader(), file);
    Path index = temp.resolve("." + SAMPLE + ".dpidx");
    flipByte(index, 100);
    assertThat(messages(catchThrowable(() -> readAll(reader().option("index", "require"), file))))
        .contains("Corrupt index").contains(index.getFileName().toString());
    assertThat(reader().load(file.toString()).count()).as("auto mode rebuilds it").isEqualTo(sampleRecords);
  }

  @Test
  void corruptWindowInTheIndexFailsTheTask() throws Exception {
    Path file = sample();
    readAll(reader(), file);
    Path index = temp.resolve("." + SAMPLE + ".dpidx");
    flipByte(index, Files.size(index) - 100); // inside the last window
    // A split size of one byte makes every checkpoint a slice start, so every window is fetched.
    assertThat(messages(catchThrowable(() -> readAll(reader().option("index", "require").option("splitSize", "1"), file))))
        .contains("Corrupt index").contains("window");
  }

  static void flipByte(Path file, long position) throws Exception {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(position);
      int b = raf.read();
      raf.seek(position);
      raf.write(b ^ 0xff);
    }
  }

  @Test
  void missingPath() {
    assertThat(messages(catchThrowable(() -> reader().load(temp.resolve("absent.fastq.gz").toString()).count())))
        .contains("absent.fastq.gz").contains("does not exist");
  }

  @Test
  void badOptions() throws Exception {
    Path file = sample();
    Map<String, String> bad = Map.of(
        "splitSize", "lots", "partitions", "0", "index", "sometimes", "checkpointSpan", "100",
        "batchSize", "-5", "includeOrdinal", "yes", "splitSzie", "1m");
    for (Map.Entry<String, String> option : bad.entrySet()) {
      Throwable error = catchThrowable(() -> spark.read().format("dataplug-fastqgz").option(option.getKey(), option.getValue())
          .load(file.toString()).count());
      assertThat(error).as(option.toString()).isInstanceOf(IllegalArgumentException.class);
      assertThat(error.getMessage()).as(option.toString()).containsIgnoringCase(option.getKey()).contains(option.getValue());
    }
    Throwable both = catchThrowable(() -> spark.read().format("dataplug-fastqgz").option("splitSize", "1m")
        .option("partitions", "4").load(file.toString()).count());
    assertThat(both).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
  }
}
