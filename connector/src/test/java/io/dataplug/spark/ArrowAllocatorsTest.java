package io.dataplug.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.spark.sql.vectorized.ArrowColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.junit.jupiter.api.Test;

/** The columns Spark reads by address give what Spark's own ArrowColumnVector gives, nulls included. */
class ArrowAllocatorsTest {
  private static final int ROWS = 1000;

  @Test
  void directColumnsReadEveryTypeAsArrowColumnVectorDoes() {
    try (BufferAllocator allocator = ArrowAllocators.newReaderAllocator("test");
        Float8Vector doubles = new Float8Vector("d", allocator);
        Float4Vector floats = new Float4Vector("f", allocator);
        BigIntVector longs = new BigIntVector("l", allocator);
        IntVector ints = new IntVector("i", allocator);
        SmallIntVector shorts = new SmallIntVector("s", allocator);
        TinyIntVector bytes = new TinyIntVector("b", allocator);
        BitVector booleans = new BitVector("z", allocator);
        VarCharVector strings = new VarCharVector("t", allocator);
        VarBinaryVector binaries = new VarBinaryVector("y", allocator)) {
      List<FieldVector> vectors = List.of(doubles, floats, longs, ints, shorts, bytes, booleans, strings, binaries);
      vectors.forEach(FieldVector::allocateNew);
      java.util.Random random = new java.util.Random(7);
      for (int r = 0; r < ROWS; r++) {
        if (r % 7 == 3) {
          for (FieldVector v : vectors) {
            v.setNull(r);
          }
          continue;
        }
        doubles.setSafe(r, random.nextGaussian());
        floats.setSafe(r, random.nextFloat());
        longs.setSafe(r, random.nextLong());
        ints.setSafe(r, random.nextInt());
        shorts.setSafe(r, (short) random.nextInt());
        bytes.setSafe(r, (byte) random.nextInt());
        booleans.setSafe(r, random.nextBoolean() ? 1 : 0);
        strings.setSafe(r, ("row " + r + " é").repeat(r % 4).getBytes(StandardCharsets.UTF_8));
        binaries.setSafe(r, new byte[] {(byte) r, (byte) (r >> 8)});
      }
      doubles.setSafe(0, 1.5);
      vectors.forEach(v -> v.setValueCount(ROWS));
      for (FieldVector vector : vectors) {
        ColumnVector direct = ArrowAllocators.column(vector);
        ColumnVector spark = new ArrowColumnVector(vector);
        assertThat(direct).as(vector.getName()).isInstanceOf(ArrowAllocators.DirectColumn.class);
        for (int r = 0; r < ROWS; r++) {
          assertThat(direct.isNullAt(r)).as("%s row %d null", vector.getName(), r).isEqualTo(spark.isNullAt(r));
          if (spark.isNullAt(r)) {
            continue;
          }
          Object expected = switch (vector.getName()) {
            case "d" -> spark.getDouble(r);
            case "f" -> spark.getFloat(r);
            case "l" -> spark.getLong(r);
            case "i" -> spark.getInt(r);
            case "s" -> spark.getShort(r);
            case "b" -> spark.getByte(r);
            case "z" -> spark.getBoolean(r);
            case "t" -> spark.getUTF8String(r).toString();
            default -> java.util.Arrays.toString(spark.getBinary(r));
          };
          Object actual = switch (vector.getName()) {
            case "d" -> direct.getDouble(r);
            case "f" -> direct.getFloat(r);
            case "l" -> direct.getLong(r);
            case "i" -> direct.getInt(r);
            case "s" -> direct.getShort(r);
            case "b" -> direct.getByte(r);
            case "z" -> direct.getBoolean(r);
            case "t" -> direct.getUTF8String(r).toString();
            default -> java.util.Arrays.toString(direct.getBinary(r));
          };
          assertThat(actual).as("%s row %d", vector.getName(), r).isEqualTo(expected);
        }
      }
    }
  }
}
