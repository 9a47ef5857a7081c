package io.dataplug.formats.las;

import static io.dataplug.formats.las.LasDimension.Decoding.F32;
import static io.dataplug.formats.las.LasDimension.Decoding.F64;
import static io.dataplug.formats.las.LasDimension.Decoding.I16;
import static io.dataplug.formats.las.LasDimension.Decoding.I32;
import static io.dataplug.formats.las.LasDimension.Decoding.I64;
import static io.dataplug.formats.las.LasDimension.Decoding.I8;
import static io.dataplug.formats.las.LasDimension.Decoding.SCAN_ANGLE_RANK;
import static io.dataplug.formats.las.LasDimension.Decoding.SCAN_ANGLE_SCALED;
import static io.dataplug.formats.las.LasDimension.Decoding.U16;
import static io.dataplug.formats.las.LasDimension.Decoding.U32;
import static io.dataplug.formats.las.LasDimension.Decoding.U64;
import static io.dataplug.formats.las.LasDimension.Decoding.U8;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The dimensions of one file's point records, with PDAL's names (R15 tables 7 to 17 for the byte layout), followed
 * by the dimensions its extra-bytes VLR describes.
 */
public final class PointLayout implements Serializable {
  private final List<LasDimension> dimensions;

  private PointLayout(List<LasDimension> dimensions) {
    this.dimensions = Collections.unmodifiableList(dimensions);
  }

  public List<LasDimension> dimensions() {
    return dimensions;
  }

  public LasDimension find(String name) {
    for (LasDimension d : dimensions) {
      if (d.name().equalsIgnoreCase(name)) {
        return d;
      }
    }
    return null;
  }

  public static PointLayout of(LasHeader header, List<ExtraDimension> extras) {
    List<LasDimension> d = new ArrayList<>();
    int format = header.pointFormat();
    d.add(LasDimension.coordinate("X", 0, header.scale()[0], header.offset()[0]));
    d.add(LasDimension.coordinate("Y", 1, header.scale()[1], header.offset()[1]));
    d.add(LasDimension.coordinate("Z", 2, header.scale()[2], header.offset()[2]));
    d.add(LasDimension.of("Intensity", LasValueType.INT, U16, 12));
    int rgb;
    int nir = -1;
    int wave = -1;
    if (format < 6) {
      d.add(LasDimension.bits("ReturnNumber", 14, 0, 3));
      d.add(LasDimension.bits("NumberOfReturns", 14, 3, 3));
      d.add(LasDimension.flag("ScanDirectionFlag", 14, 6));
      d.add(LasDimension.flag("EdgeOfFlightLine", 14, 7));
      d.add(LasDimension.bits("Classification", 15, 0, 5));
      d.add(LasDimension.flag("Synthetic", 15, 5));
      d.add(LasDimension.flag("KeyPoint", 15, 6));
      d.add(LasDimension.flag("Withheld", 15, 7));
      d.add(LasDimension.of("ScanAngleRank", LasValueType.FLOAT, SCAN_ANGLE_RANK, 16));
      d.add(LasDimension.of("UserData", LasValueType.SHORT, U8, 17));
      d.add(LasDimension.of("PointSourceId", LasValueType.INT, U16, 18));
      if (format == 1 || format >= 3) {
        d.add(LasDimension.of("GpsTime", LasValueType.DOUBLE, F64, 20));
      }
      rgb = format == 2 ? 20 : (format == 3 || format == 5) ? 28 : -1;
      wave = format == 4 ? 28 : format == 5 ? 34 : -1;
    } else {
      d.add(LasDimension.bits("ReturnNumber", 14, 0, 4));
      d.add(LasDimension.bits("NumberOfReturns", 14, 4, 4));
      d.add(LasDimension.flag("Synthetic", 15, 0));
      d.add(LasDimension.flag("KeyPoint", 15, 1));
      d.add(LasDimension.flag("Withheld", 15, 2));
      d.add(LasDimension.flag("Overlap", 15, 3));
      d.add(LasDimension.bits("ScanChannel", 15, 4, 2));
      d.add(LasDimension.flag("ScanDirectionFlag", 15, 6));
      d.add(LasDimension.flag("EdgeOfFlightLine", 15, 7));
      d.add(LasDimension.of("Classification", LasValueType.SHORT, U8, 16));
      d.add(LasDimension.of("UserData", LasValueType.SHORT, U8, 17));
      d.add(LasDimension.of("ScanAngleRank", LasValueType.FLOAT, SCAN_ANGLE_SCALED, 18));
      d.add(LasDimension.of("PointSourceId", LasValueType.INT, U16, 20));
      d.add(LasDimension.of("GpsTime", LasValueType.DOUBLE, F64, 22));
      rgb = (format == 7 || format == 8 || format == 10) ? 30 : -1;
      nir = (format == 8 || format == 10) ? 36 : -1;
      wave = format == 9 ? 30 : format == 10 ? 38 : -1;
    }
    if (rgb >= 0) {
      d.add(LasDimension.of("Red", LasValueType.INT, U16, rgb));
      d.add(LasDimension.of("Green", LasValueType.INT, U16, rgb + 2));
      d.add(LasDimension.of("Blue", LasValueType.INT, U16, rgb + 4));
    }
    if (nir >= 0) {
      d.add(LasDimension.of("Infrared", LasValueType.INT, U16, nir));
    }
    if (wave >= 0) {
      d.add(LasDimension.of("WavePacketDescriptorIndex", LasValueType.SHORT, U8, wave));
      d.add(LasDimension.of("WaveformDataOffset", LasValueType.DECIMAL20, U64, wave + 1));
      d.add(LasDimension.of("WaveformPacketSize", LasValueType.LONG, U32, wave + 9));
      d.add(LasDimension.of("ReturnPointWaveformLocation", LasValueType.FLOAT, F32, wave + 13));
      d.add(LasDimension.of("WaveformXt", LasValueType.FLOAT, F32, wave + 17));
      d.add(LasDimension.of("WaveformYt", LasValueType.FLOAT, F32, wave + 21));
      d.add(LasDimension.of("WaveformZt", LasValueType.FLOAT, F32, wave + 25));
    }
    for (ExtraDimension extra : extras) {
      String name = extra.name();
      if (d.stream().anyMatch(x -> x.name().equalsIgnoreCase(extra.name()))) {
        name = extra.name() + "_extra"; // an extra-bytes name that shadows a standard one keeps both
      }
      d.add(extraDimension(name, extra));
    }
    return new PointLayout(d);
  }

  private static LasDimension extraDimension(String name, ExtraDimension e) {
    LasDimension.Decoding decoding = switch (e.dataType()) {
      case 1 -> U8;
      case 2 -> I8;
      case 3 -> U16;
      case 4 -> I16;
      case 5 -> U32;
      case 6 -> I32;
      case 7 -> U64;
      case 8 -> I64;
      case 9 -> F32;
      default -> F64;
    };
    if (e.scaled()) {
      // The raw decoding goes in the width slot; the value is raw * scale + offset.
      return new LasDimension(name, LasValueType.DOUBLE, LasDimension.Decoding.SCALED, e.byteOffset(), 0,
          decoding.ordinal(), e.scale(), e.offset());
    }
    LasValueType type = switch (decoding) {
      case U8, I16 -> LasValueType.SHORT;
      case I8 -> LasValueType.BYTE;
      case U16, I32 -> LasValueType.INT;
      case U32, I64 -> LasValueType.LONG;
      case U64 -> LasValueType.DECIMAL20;
      case F32 -> LasValueType.FLOAT;
      default -> LasValueType.DOUBLE;
    };
    return LasDimension.of(name, type, decoding, e.byteOffset());
  }
}
