package io.dataplug.formats.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.formats.storage.BlobStore;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;

/**
 * A Kerchunk reference set in fsspec's Parquet layout ({@code spec.rst}, "Parquet references"): {@code .zmetadata}
 * holds the Zarr metadata and {@code record_size} N; chunk n (C order) of array {@code a} is row n mod N of
 * {@code a/refs.<n div N>.parq}, with columns {@code path}, {@code offset}, {@code size} and {@code raw}. The
 * driver reads only {@code .zmetadata}; each task reads the reference files of its own chunks.
 */
record KerchunkParquet(String root, int recordSize, KerchunkUrls urls) implements ChunkSource {
  /** The store a Parquet reference set describes, or null when {@code root} holds no {@code .zmetadata}. */
  static ZarrStore open(BlobStore store, String root, String schemeOption) throws IOException {
    if (!store.exists(root + "/.zmetadata")) {
      return null;
    }
    JsonNode zmetadata = ZarrStore.readJson(store, root + "/.zmetadata");
    String where = root + "/.zmetadata";
    if (!zmetadata.has("record_size")) {
      throw new ZarrFormatException(where + " has no record_size: " + root + " is a consolidated Zarr store, not a"
          + " Kerchunk Parquet reference set; read it with format dataplug-zarr");
    }
    long recordSize = zmetadata.path("record_size").asLong(-1);
    if (recordSize < 1 || recordSize > Integer.MAX_VALUE) {
      throw new ZarrFormatException(where + ": record_size " + zmetadata.path("record_size") + " is not a positive"
          + " integer");
    }
    Map<String, JsonNode> metadata = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = zmetadata.path("metadata").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode value = e.getValue();
      if (value.isTextual()) {
        try {
          value = ZarrStore.JSON.readTree(value.asText());
        } catch (IOException ex) {
          throw new ZarrFormatException(where + " key " + e.getKey() + " is not valid JSON", ex);
        }
      }
      metadata.put(e.getKey(), value);
    }
    return new ZarrStore(root, ZarrStore.fromMetadataKeys(where, metadata),
        new KerchunkParquet(root, (int) recordSize, KerchunkUrls.of(root, schemeOption)));
  }

  @Override
  public ChunkRef[] locate(BlobStore store, ZarrArray array, long[] numbers) throws IOException {
    ChunkRef[] out = new ChunkRef[numbers.length];
    Map<Long, ChunkRef[]> records = new HashMap<>();
    for (int i = 0; i < numbers.length; i++) {
      long record = numbers[i] / recordSize;
      ChunkRef[] rows = records.get(record);
      if (rows == null) {
        rows = readRecord(store, array, record);
        records.put(record, rows);
      }
      int row = (int) (numbers[i] % recordSize);
      if (row < rows.length && rows[row] != null) {
        out[i] = rows[row];
      }
    }
    return out;
  }

  private String recordUri(ZarrArray array, long record) {
    return root + "/" + (array.path().isEmpty() ? "" : array.path() + "/") + "refs." + record + ".parq";
  }

  /** One reference file's rows (null for a missing chunk); none when the file does not exist (fsspec: all missing). */
  private ChunkRef[] readRecord(BlobStore store, ZarrArray array, long record) throws IOException {
    String uri = recordUri(array, record);
    byte[] bytes = ZarrStore.readOrNull(store, uri);
    if (bytes == null) {
      return new ChunkRef[0];
    }
    ChunkRef[] rows = new ChunkRef[recordSize];
    int row = 0;
    try (ParquetFileReader reader = ParquetFileReader.open(new InMemoryInputFile(bytes))) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records = new ColumnIOFactory().getColumnIO(schema)
            .getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++, row++) {
          if (row >= recordSize) {
            throw new ZarrFormatException(uri + " has more than record_size " + recordSize + " rows");
          }
          String key = array.chunkKey(record * recordSize + row);
          rows[row] = reference(records.read(), schema, key, uri + " row " + row);
        }
      }
    } catch (ZarrFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ZarrFormatException(uri + " is not a readable Kerchunk Parquet reference file (" + e + ")", e);
    }
    return rows;
  }

  /** Row {@code where}'s reference, under the key of the chunk its row number stands for. */
  private ChunkRef reference(Group group, MessageType schema, String key, String where) throws ZarrFormatException {
    if (has(group, schema, "raw")) {
      return new ChunkRef.Inline(key, group.getBinary("raw", 0).getBytes());
    }
    if (!has(group, schema, "path")) {
      return null;
    }
    String url = urls.resolve(group.getString("path", 0));
    long offset = integer(group, schema, "offset");
    long size = integer(group, schema, "size");
    if (offset == 0 && size == 0) {
      return new ChunkRef.Whole(key, url);
    }
    return KerchunkRefs.range(key, url, offset, size, where);
  }

  private static boolean has(Group group, MessageType schema, String column) {
    return schema.containsField(column) && group.getFieldRepetitionCount(column) > 0;
  }

  private static long integer(Group group, MessageType schema, String column) {
    if (!has(group, schema, column)) {
      return 0;
    }
    PrimitiveType type = schema.getType(column).asPrimitiveType();
    return type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32 ? group.getInteger(column, 0)
        : group.getLong(column, 0);
  }

  /** A small reference file, read whole in one request, as Parquet's reader wants it. */
  private record InMemoryInputFile(byte[] bytes) implements InputFile {
    @Override
    public long getLength() {
      return bytes.length;
    }

    @Override
    public SeekableInputStream newStream() {
      return new SeekableInputStream() {
        private int pos;

        @Override
        public long getPos() {
          return pos;
        }

        @Override
        public void seek(long newPos) {
          pos = (int) newPos;
        }

        @Override
        public int read() {
          return pos < bytes.length ? bytes[pos++] & 0xff : -1;
        }

        @Override
        public void readFully(byte[] into) throws IOException {
          readFully(into, 0, into.length);
        }

        @Override
        public void readFully(byte[] into, int start, int len) throws IOException {
          if (pos + len > bytes.length) {
            throw new EOFException("Parquet reference file ends at byte " + bytes.length);
          }
          System.arraycopy(bytes, pos, into, start, len);
          pos += len;
        }

        @Override
        public int read(ByteBuffer into) {
          int n = Math.min(into.remaining(), bytes.length - pos);
          if (n <= 0) {
            return into.hasRemaining() ? -1 : 0;
          }
          into.put(bytes, pos, n);
          pos += n;
          return n;
        }

        @Override
        public void readFully(ByteBuffer into) throws IOException {
          if (into.remaining() > bytes.length - pos) {
            throw new EOFException("Parquet reference file ends at byte " + bytes.length);
          }
          read(into);
        }
      };
    }
  }
}
