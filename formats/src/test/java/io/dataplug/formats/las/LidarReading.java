package io.dataplug.formats.las;

import io.dataplug.formats.plan.DataFiles;
import io.dataplug.formats.plan.PartitionPacker;
import io.dataplug.formats.index.IndexMode;
import io.dataplug.formats.index.SidecarIndexes;
import io.dataplug.formats.storage.BlobStore;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;

/** Test helpers: read a plan through the slice reader, and read a file sequentially with laszip4j's own reader. */
final class LidarReading {
  static final List<String> KEY_COLUMNS = io.dataplug.formats.testing.ReferenceLas.KEY_COLUMNS;

  private LidarReading() {}

  static LidarDatasetPlanner.Options options(String path, long splitSize, double tileSize, boolean copc, int maxDepth,
      int blockPoints) {
    return new LidarDatasetPlanner.Options(DataFiles.exactly(List.of(path)),
        new PartitionPacker(splitSize, 0, 0), IndexMode.AUTO, null,
        blockPoints, true, tileSize, 0, copc, maxDepth, false);
  }

  /** Every point of every partition, as key strings, in partition order. */
  static List<String> readAll(BlobStore store, LidarDatasetPlanner.Plan plan) throws IOException {
    List<String> rows = new ArrayList<>();
    if (plan.partitions().isEmpty()) {
      return rows;
    }
    LasFileInfo first = plan.partitions().get(0).get(0).file();
    List<LidarColumn> columns = new ArrayList<>();
    for (String name : KEY_COLUMNS) {
      LasDimension d = first.layout().find(name);
      columns.add(new LidarColumn(name, d == null ? LasValueType.DOUBLE : d.type(), true));
    }
    try (BufferAllocator allocator = new RootAllocator(); LasBatchWriter writer = new LasBatchWriter(allocator, columns)) {
      for (List<LidarSlice> partition : plan.partitions()) {
        for (LidarSlice slice : partition) {
          try (LidarSliceReader reader = new LidarSliceReader(store, slice, LazDecoder.AUTO, io.dataplug.formats.las.laz.LazFields.ALL)) {
            writer.bind(slice.file(), slice.tiles());
            while (true) {
              writer.startBatch(1000);
              int n = reader.read(writer, 1000);
              writer.finishBatch();
              if (n == 0) {
                break;
              }
              for (int i = 0; i < n; i++) {
                StringBuilder row = new StringBuilder();
                for (FieldVector v : writer.vectors()) {
                  Object value = v.getObject(i);
                  row.append(value instanceof Number num ? num.doubleValue() : value).append('|');
                }
                rows.add(row.toString());
              }
            }
          }
        }
      }
    }
    return rows;
  }

  /** The file's points by laszip4j's sequential reader, an implementation independent of ours. */
  static List<String> reference(File file) {
    return io.dataplug.formats.testing.ReferenceLas.rows(file);
  }

  static double[] xyz(String row) {
    String[] f = row.split("\\|");
    return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
  }
}
