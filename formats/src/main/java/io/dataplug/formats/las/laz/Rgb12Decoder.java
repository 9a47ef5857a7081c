package io.dataplug.formats.las.laz;

/**
 * RGB12 version 2 (LASzip's LASreadItemCompressed_RGB12_v2): red, green and blue as 16-bit values, each byte coded
 * against the previous point's; green and blue are predicted from red's change, and a flag says the point is grey.
 */
final class Rgb12Decoder implements ItemDecoder {
  private final ArithmeticDecoder decoder;
  private final SymbolModel byteUsed = new SymbolModel(128);
  private final SymbolModel[] diffs = new SymbolModel[6];
  private int red;
  private int green;
  private int blue;

  Rgb12Decoder(ArithmeticDecoder decoder) {
    this.decoder = decoder;
    for (int i = 0; i < 6; i++) {
      diffs[i] = new SymbolModel(256);
    }
  }

  @Override
  public void start(byte[] record, int offset) {
    byteUsed.reset();
    for (SymbolModel m : diffs) {
      m.reset();
    }
    red = Bytes.u16(record, offset);
    green = Bytes.u16(record, offset + 2);
    blue = Bytes.u16(record, offset + 4);
  }

  @Override
  public void read(byte[] record, int offset) {
    int used = decoder.decodeSymbol(byteUsed);
    int r = (used & 1) != 0 ? Bytes.fold(corrector(0) + (red & 0xFF)) : red & 0xFF;
    r |= (used & 2) != 0 ? Bytes.fold(corrector(1) + (red >>> 8)) << 8 : red & 0xFF00;
    int g;
    int b;
    if ((used & 64) != 0) {
      int diff = (r & 0xFF) - (red & 0xFF);
      g = (used & 4) != 0 ? Bytes.fold(corrector(2) + Bytes.clamp(diff + (green & 0xFF))) : green & 0xFF;
      if ((used & 16) != 0) {
        int d = (diff + ((g & 0xFF) - (green & 0xFF))) / 2;
        b = Bytes.fold(corrector(4) + Bytes.clamp(d + (blue & 0xFF)));
      } else {
        b = blue & 0xFF;
      }
      diff = (r >>> 8) - (red >>> 8);
      g |= (used & 8) != 0 ? Bytes.fold(corrector(3) + Bytes.clamp(diff + (green >>> 8))) << 8 : green & 0xFF00;
      if ((used & 32) != 0) {
        int d = (diff + ((g >>> 8) - (green >>> 8))) / 2;
        b |= Bytes.fold(corrector(5) + Bytes.clamp(d + (blue >>> 8))) << 8;
      } else {
        b |= blue & 0xFF00;
      }
    } else {
      g = r;
      b = r;
    }
    red = r;
    green = g;
    blue = b;
    Bytes.put16(record, offset, r);
    Bytes.put16(record, offset + 2, g);
    Bytes.put16(record, offset + 4, b);
  }

  private int corrector(int which) {
    return decoder.decodeSymbol(diffs[which]);
  }
}
