package io.dataplug.formats.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.api.CommonOptions;
import io.dataplug.formats.api.Formats;
import io.dataplug.formats.api.ReadOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packing rule every format shares, on units of (file, bytes). */
class PartitionPackerTest {
  private record Unit(String file, long bytes) {}

  private static List<List<Unit>> pack(PartitionPacker packer, Unit... units) {
    return packer.pack(List.of(units), Unit::bytes, Unit::file);
  }

  private static Unit a(long bytes) {
    return new Unit("a", bytes);
  }

  @Test
  void closesAPartitionWhenTheNextUnitWouldOvershootByMoreThanHalfOfIt() {
    PartitionPacker packer = new PartitionPacker(100, 0, 0);
    // 60 + 30: 60 + 15 <= 100 keeps it; 90 + 40/2 = 110 > 100 closes.
    assertThat(pack(packer, a(60), a(30), a(40))).containsExactly(List.of(a(60), a(30)), List.of(a(40)));
    // 60 + 80/2 = 100 is not over the target: the unit joins.
    assertThat(pack(packer, a(60), a(80))).containsExactly(List.of(a(60), a(80)));
  }

  @Test
  void aUnitLargerThanTheTargetIsAPartitionOfItsOwn() {
    assertThat(pack(new PartitionPacker(10, 0, 0), a(50), a(50), a(1)))
        .containsExactly(List.of(a(50)), List.of(a(50)), List.of(a(1)));
  }

  @Test
  void eachFurtherFileCountsTheOpenCost() {
    Unit[] files = {new Unit("a", 10), new Unit("b", 10), new Unit("c", 10), new Unit("d", 10)};
    assertThat(pack(new PartitionPacker(100, 0, 0), files)).hasSize(1);
    // 10, then 10 + 40 = 60, then 60 + 25 <= 100 keeps c (110), d: 110 + 25 > 100 closes.
    assertThat(pack(new PartitionPacker(100, 40, 0), files)).containsExactly(
        List.of(files[0], files[1], files[2]), List.of(files[3]));
    // The open cost is not charged for more units of the same file.
    assertThat(pack(new PartitionPacker(100, 1000, 0), a(10), a(10), a(10))).hasSize(1);
  }

  @Test
  void aPartitionCountDividesTheTotalAndIgnoresTheOpenCost() {
    PartitionPacker three = new PartitionPacker(1 << 30, 1 << 30, 3);
    assertThat(three.target(300)).isEqualTo(100);
    assertThat(three.target(301)).isEqualTo(101);
    Unit[] units = new Unit[12];
    for (int i = 0; i < units.length; i++) {
      units[i] = new Unit("f" + i, 25);
    }
    assertThat(pack(three, units)).hasSize(3).allSatisfy(p -> assertThat(p).hasSize(4));
  }

  @Test
  void keepsOrderAndLosesNothing() {
    Unit[] units = new Unit[200];
    for (int i = 0; i < units.length; i++) {
      units[i] = new Unit("f" + (i / 7), (i * 7919L) % 113);
    }
    List<List<Unit>> packed = pack(new PartitionPacker(300, 50, 0), units);
    assertThat(packed.stream().flatMap(List::stream).toList()).containsExactly(units);
    assertThat(packed).noneMatch(List::isEmpty);
  }

  @Test
  void saysWhenFewerPartitionsThanAskedArePossible() {
    assertThat(new PartitionPacker(1, 0, 8).shortfall(3, "the indexes"))
        .isEqualTo("Asked for 8 partitions but the indexes allow only 3");
    assertThat(new PartitionPacker(1, 0, 8).shortfall(8, "the indexes")).isNull();
    assertThat(new PartitionPacker(1, 0, 0).shortfall(1, "the indexes")).isNull();
    assertThat(pack(new PartitionPacker(1, 0, 0))).isEmpty();
  }

  @Test
  void aLimitKeepsTheShortestPrefixThatHoldsItsRows() {
    List<List<Unit>> partitions = List.of(List.of(a(5), a(5)), List.of(a(5)), List.of(a(5)));
    // Units stand for slices here; their bytes stand for their rows.
    assertThat(PartitionPacker.prefixHolding(partitions, 7, Unit::bytes))
        .containsExactly(List.of(a(5), a(5)));
    assertThat(PartitionPacker.prefixHolding(partitions, 11, Unit::bytes))
        .containsExactly(List.of(a(5), a(5)), List.of(a(5)));
    assertThat(PartitionPacker.prefixHolding(partitions, -1, Unit::bytes)).isEqualTo(partitions);
    // A slice of unknown count holds none: the prefix goes on past it.
    assertThat(PartitionPacker.prefixHolding(partitions, 3, u -> -1)).isEqualTo(partitions);
    assertThat(PartitionPacker.prefixHolding(partitions, 0, Unit::bytes)).isEmpty();
  }

  @Test
  void withTheEnginesCoresPartitionsAreEvenAndAMultipleOfThem() {
    Unit[] tiles = new Unit[195];
    Arrays.fill(tiles, a(2));
    // splitSize alone: 128 + 128 + 128 + 6 bytes, one core idles while another reads a third full partition.
    assertThat(pack(new PartitionPacker(128, 4, 0), tiles)).extracting(List::size).containsExactly(64, 64, 64, 3);
    // Two cores: four partitions of an equal share.
    assertThat(pack(new PartitionPacker(128, 4, 0, 2), tiles)).extracting(List::size)
        .containsExactly(49, 49, 49, 48);
    // On four cores too: four.
    assertThat(pack(new PartitionPacker(128, 4, 0, 4), tiles)).hasSize(4);
    // One partition's worth stays one partition, small files included (they pack by their open cost).
    Unit[] files = {new Unit("a", 3), new Unit("b", 3), new Unit("c", 3)};
    assertThat(pack(new PartitionPacker(128, 40, 0, 2), files)).hasSize(1);
  }

  @Test
  void aSplitSizeGivenByTheReadIsKeptAsItIs() {
    io.dataplug.formats.api.DataFormat format = Formats.byShortName("dataplug-cog");
    java.util.Map<String, String> engine = Map.of(CommonOptions.MIN_PARTITIONS_SETTING,
        "2", CommonOptions.MAX_PARTITION_BYTES_SETTING, "128");
    PartitionPacker fromEngine = PartitionPacker.of(ReadOptions.parse(format, List.of("x.tif"),
        Map.of(), engine));
    assertThat(fromEngine.minPartitions()).isEqualTo(2);
    assertThat(fromEngine.splitSize()).isEqualTo(128);
    PartitionPacker given = PartitionPacker.of(ReadOptions.parse(format, List.of("x.tif"),
        Map.of("splitSize", "128"), engine));
    assertThat(given.minPartitions()).isZero();
    assertThat(given.target(390)).isEqualTo(128);
  }

  @Test
  void refusesANonPositiveSplitSize() {
    assertThatThrownBy(() -> new PartitionPacker(0, 0, 0)).hasMessageContaining("split size must be positive");
  }
}
