package io.dataplug.formats.zarr;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One Zarr v2 array's {@code .zarray} (Zarr v2 spec, "Metadata") and the dimension names xarray writes in its
 * {@code .zattrs} ({@code _ARRAY_DIMENSIONS}; {@code dim_0}, {@code dim_1}, ... without them).
 *
 * @param path the array's key prefix inside the store ("" when the store is the array)
 * @param fill one element of the fill value in the dtype's byte order (zero bytes when fill_value is null)
 * @param fortran order "F": the first index varies fastest inside a chunk
 * @param cf the CF decoding its attributes ask for, or null (see {@link ZarrCf})
 */
record ZarrArray(String path, long[] shape, int[] chunks, ZarrDtype dtype, ZarrCodec compressor,
    List<ZarrCodec> filters, byte[] fill, boolean fortran, String separator, List<String> dims, ZarrCf cf)
    implements Serializable {

  static ZarrArray parse(String path, JsonNode zarray, JsonNode zattrs, String where) throws ZarrFormatException {
    if (zarray.path("zarr_format").asInt(-1) != 2) {
      throw new ZarrFormatException(where + ": zarr_format " + zarray.path("zarr_format") + ", this reader reads"
          + " Zarr v2 (zarr_format 2)");
    }
    JsonNode shapeNode = zarray.path("shape");
    JsonNode chunksNode = zarray.path("chunks");
    if (!shapeNode.isArray() || !chunksNode.isArray() || shapeNode.size() != chunksNode.size()) {
      throw new ZarrFormatException(where + ": shape " + shapeNode + " and chunks " + chunksNode + " must be lists"
          + " of the same length");
    }
    int rank = shapeNode.size();
    long[] shape = new long[rank];
    int[] chunks = new int[rank];
    for (int d = 0; d < rank; d++) {
      shape[d] = shapeNode.get(d).asLong(-1);
      long c = chunksNode.get(d).asLong(-1);
      if (shape[d] < 0 || c < 1 || c > Integer.MAX_VALUE) {
        throw new ZarrFormatException(where + ": shape " + shapeNode + " or chunks " + chunksNode + " is not valid");
      }
      chunks[d] = (int) c;
    }
    ZarrDtype dtype = ZarrDtype.parse(zarray.path("dtype").isTextual() ? zarray.path("dtype").asText() : null, where);
    long chunkBytes = dtype.size();
    for (int c : chunks) {
      chunkBytes *= c;
    }
    if (chunkBytes > Integer.MAX_VALUE - 16) {
      throw new ZarrFormatException(where + ": a chunk of " + chunkBytes + " bytes is too large to read (2 GiB at"
          + " most)");
    }
    JsonNode compressorNode = zarray.path("compressor");
    ZarrCodec compressor = compressorNode.isNull() || compressorNode.isMissingNode() ? null
        : ZarrCodec.parse(compressorNode, where);
    List<ZarrCodec> filters = new ArrayList<>();
    for (JsonNode f : zarray.path("filters")) {
      filters.add(ZarrCodec.parse(f, where));
    }
    String order = zarray.path("order").asText("C");
    if (!order.equals("C") && !order.equals("F")) {
      throw new ZarrFormatException(where + ": order '" + order + "', not C or F");
    }
    String separator = zarray.path("dimension_separator").asText(".");
    if (!separator.equals(".") && !separator.equals("/")) {
      throw new ZarrFormatException(where + ": dimension_separator '" + separator + "', not . or /");
    }
    List<String> dims = new ArrayList<>();
    JsonNode named = zattrs == null ? null : zattrs.path("_ARRAY_DIMENSIONS");
    if (named != null && named.isArray() && named.size() == rank) {
      named.forEach(n -> dims.add(n.asText()));
    } else {
      for (int d = 0; d < rank; d++) {
        dims.add("dim_" + d);
      }
    }
    byte[] fill = fill(zarray.path("fill_value"), dtype, where);
    return new ZarrArray(path, shape, chunks, dtype, compressor, List.copyOf(filters), fill, order.equals("F"),
        separator, List.copyOf(dims), ZarrCf.of(dtype, zarray.path("fill_value"), zattrs));
  }

  /** The array with its values as stored: no CF decoding (option decodeCF=false). */
  ZarrArray withoutCf() {
    return cf == null ? this : new ZarrArray(path, shape, chunks, dtype, compressor, filters, fill, fortran, separator,
        dims, null);
  }

  /** fill_value as one element: numbers, "NaN", "Infinity", "-Infinity", booleans, base64 for S (Zarr v2 spec). */
  private static byte[] fill(JsonNode value, ZarrDtype dtype, String where) throws ZarrFormatException {
    ByteBuffer out = ByteBuffer.allocate(dtype.size()).order(dtype.order());
    if (value.isNull() || value.isMissingNode()) {
      return out.array();
    }
    switch (dtype.kind()) {
      case 'b' -> out.put(0, (byte) (value.asBoolean() ? 1 : 0));
      case 'f' -> {
        double v = value.isTextual() ? switch (value.asText()) {
          case "NaN" -> Double.NaN;
          case "Infinity" -> Double.POSITIVE_INFINITY;
          case "-Infinity" -> Double.NEGATIVE_INFINITY;
          default -> throw new ZarrFormatException(where + ": fill_value " + value + " is not a number");
        } : value.asDouble();
        Numbers.putDouble(out, dtype, 0, v);
      }
      case 'i', 'u', 'M', 'm' -> {
        if (value.isTextual() && value.asText().equals("NaT")) {
          Numbers.putLong(out, dtype, 0, Long.MIN_VALUE);
        } else if (value.isNumber()) {
          Numbers.putLong(out, dtype, 0, value.isBigInteger() ? value.bigIntegerValue().longValue() : value.asLong());
        } else {
          throw new ZarrFormatException(where + ": fill_value " + value + " is not an integer");
        }
      }
      case 'S', 'U' -> {
        if (value.isTextual()) {
          byte[] decoded = Base64.getDecoder().decode(value.asText());
          System.arraycopy(decoded, 0, out.array(), 0, Math.min(decoded.length, dtype.size()));
        } else if (!value.isNumber() || value.asLong() != 0) {
          throw new ZarrFormatException(where + ": fill_value " + value + " is not a base64 string");
        }
      }
      default -> throw new ZarrFormatException(where + ": fill_value " + value + " for dtype " + dtype);
    }
    return out.array();
  }

  int rank() {
    return shape.length;
  }

  /** Chunks along each dimension (edge chunks included). */
  long[] grid() {
    long[] grid = new long[rank()];
    for (int d = 0; d < rank(); d++) {
      grid[d] = (shape[d] + chunks[d] - 1) / chunks[d];
    }
    return grid;
  }

  /** Chunk {@code number} (C order over {@code grid}, this array's {@link #grid}) as its index per dimension. */
  static void chunkIndex(long number, long[] grid, long[] index) {
    long rest = number;
    for (int d = grid.length - 1; d >= 0; d--) {
      index[d] = rest % grid[d];
      rest /= grid[d];
    }
  }

  /**
   * The cells of chunk {@code index} inside the array (an edge chunk is clipped); each dimension's count goes into
   * {@code extent}.
   */
  long extent(long[] index, int[] extent) {
    long cells = 1;
    for (int d = 0; d < rank(); d++) {
      extent[d] = (int) Math.min(chunks[d], shape[d] - index[d] * chunks[d]);
      cells *= extent[d];
    }
    return cells;
  }

  long chunkCount() {
    long n = 1;
    for (long g : grid()) {
      n *= g;
    }
    return n;
  }

  /** Chunks that hold a cell: none when a dimension is 0 long. */
  long nonEmptyChunkCount() {
    return elementCount() == 0 ? 0 : chunkCount();
  }

  long elementCount() {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  int chunkElements() {
    int n = 1;
    for (int c : chunks) {
      n *= c;
    }
    return n;
  }

  /** The chunk's key relative to the store root, for example {@code temp/0.3.1} or {@code 0/3/1}. */
  /** The key of chunk {@code number} (C order over the chunk grid). */
  String chunkKey(long number) {
    long[] index = new long[rank()];
    chunkIndex(number, grid(), index);
    return chunkKey(index);
  }

  String chunkKey(long[] chunk) {
    StringBuilder key = new StringBuilder(path.isEmpty() ? "" : path + "/");
    for (int d = 0; d < chunk.length; d++) {
      if (d > 0) {
        key.append(separator);
      }
      key.append(chunk[d]);
    }
    return rank() == 0 ? key.append('0').toString() : key.toString();
  }

  /** The name in messages and columns: its path, or "array" for a store that is one array. */
  String name() {
    return path.isEmpty() ? "array" : path;
  }
}
