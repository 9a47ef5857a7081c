package io.dataplug.formats.las.laz;

/**
 * LASzip's RGB coder (RGB12 v2, RGB14 v3, the RGB of RGBNIR14 v3): each byte of red, green and blue coded against
 * the previous point's, green and blue predicted from red's change, one symbol saying which bytes changed and
 * whether the point is grey.
 */
final class RgbModels {
  private final SymbolModel byteUsed = new SymbolModel(128);
  private final SymbolModel[] diffs = new SymbolModel[6];

  RgbModels() {
    for (int i = 0; i < 6; i++) {
      diffs[i] = new SymbolModel(256);
    }
  }

  void reset() {
    byteUsed.reset();
    for (SymbolModel m : diffs) {
      m.reset();
    }
  }

  /** Decodes red, green and blue into {@code rgb[0..2]}, predicted from {@code last[0..2]} (may be the same array). */
  void decode(ArithmeticDecoder decoder, int[] last, int[] rgb) {
    int red = last[0];
    int green = last[1];
    int blue = last[2];
    int used = decoder.decodeSymbol(byteUsed);
    int r = (used & 1) != 0 ? Bytes.fold(decoder.decodeSymbol(diffs[0]) + (red & 0xFF)) : red & 0xFF;
    r |= (used & 2) != 0 ? Bytes.fold(decoder.decodeSymbol(diffs[1]) + (red >>> 8)) << 8 : red & 0xFF00;
    int g;
    int b;
    if ((used & 64) != 0) {
      int diff = (r & 0xFF) - (red & 0xFF);
      g = (used & 4) != 0 ? Bytes.fold(decoder.decodeSymbol(diffs[2]) + Bytes.clamp(diff + (green & 0xFF)))
          : green & 0xFF;
      if ((used & 16) != 0) {
        int d = (diff + ((g & 0xFF) - (green & 0xFF))) / 2;
        b = Bytes.fold(decoder.decodeSymbol(diffs[4]) + Bytes.clamp(d + (blue & 0xFF)));
      } else {
        b = blue & 0xFF;
      }
      diff = (r >>> 8) - (red >>> 8);
      g |= (used & 8) != 0 ? Bytes.fold(decoder.decodeSymbol(diffs[3]) + Bytes.clamp(diff + (green >>> 8))) << 8
          : green & 0xFF00;
      if ((used & 32) != 0) {
        int d = (diff + ((g >>> 8) - (green >>> 8))) / 2;
        b |= Bytes.fold(decoder.decodeSymbol(diffs[5]) + Bytes.clamp(d + (blue >>> 8))) << 8;
      } else {
        b |= blue & 0xFF00;
      }
    } else {
      g = r;
      b = r;
    }
    rgb[0] = r;
    rgb[1] = g;
    rgb[2] = b;
  }
}
