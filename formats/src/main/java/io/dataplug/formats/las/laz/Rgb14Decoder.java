package io.dataplug.formats.las.laz;

/**
 * RGB14 and RGBNIR14 version 3 (LASzip's LASreadItemCompressed_RGB14_v3 and _RGBNIR14_v3): red, green, blue (and
 * near infrared) of point formats 7, 8 and 10, in one layer for RGB and one for NIR, with a context per scanner
 * channel.
 *
 * <p>The context switches exactly as LASzip's (and lazrs's and laszip4j's) readers switch it, which the encoders
 * mirror: the point item hands the other items its scanner channel only on a point that changes channels, and 0 on
 * every other point; on a switch to a channel already seen in the chunk, that point is still predicted from (and
 * stored as) the last values of the context it switched from, while a channel seen for the first time starts from a
 * copy of them. Every real COPC file here decodes the same as laszip4j only this way (LazPointDecoderTest).
 */
final class Rgb14Decoder implements LayeredItemDecoder {
  private final boolean nir;
  private final boolean requestRgb;
  private final boolean requestNir;
  private final ArithmeticDecoder rgbLayer = new ArithmeticDecoder();
  private final ArithmeticDecoder nirLayer = new ArithmeticDecoder();
  private final RgbModels[] rgbModels = new RgbModels[4];
  private final SymbolModel[] nirUsed = new SymbolModel[4];
  private final SymbolModel[][] nirDiffs = new SymbolModel[4][2];
  /** Per channel: red, green, blue, near infrared. */
  private final int[][] lastValues = new int[4][4];
  private final boolean[] unused = new boolean[4];
  private final int[] rgb = new int[3];
  private boolean decodeRgb;
  private boolean decodeNir;
  private int current;

  Rgb14Decoder(boolean nir, boolean requestRgb, boolean requestNir) {
    this.nir = nir;
    this.requestRgb = requestRgb;
    this.requestNir = nir && requestNir;
    for (int c = 0; c < 4; c++) {
      rgbModels[c] = new RgbModels();
      nirUsed[c] = new SymbolModel(4);
      nirDiffs[c][0] = new SymbolModel(256);
      nirDiffs[c][1] = new SymbolModel(256);
    }
  }

  @Override
  public int layers() {
    return nir ? 2 : 1;
  }

  @Override
  public void start(byte[] record, int offset, byte[] chunk, int[] layerStarts, int[] layerSizes, int first,
      int context) {
    decodeRgb = requestRgb && layerSizes[first] > 0;
    if (decodeRgb) {
      rgbLayer.start(chunk, layerStarts[first], layerStarts[first] + layerSizes[first]);
    }
    decodeNir = requestNir && layerSizes[first + 1] > 0;
    if (decodeNir) {
      nirLayer.start(chunk, layerStarts[first + 1], layerStarts[first + 1] + layerSizes[first + 1]);
    }
    java.util.Arrays.fill(unused, true);
    int[] seed = new int[4];
    for (int i = 0; i < (nir ? 4 : 3); i++) {
      seed[i] = Bytes.u16(record, offset + 2 * i);
    }
    current = context;
    startContext(context, seed);
  }

  private void startContext(int context, int[] seed) {
    rgbModels[context].reset();
    nirUsed[context].reset();
    nirDiffs[context][0].reset();
    nirDiffs[context][1].reset();
    System.arraycopy(seed, 0, lastValues[context], 0, 4);
    unused[context] = false;
  }

  @Override
  public boolean withinLayers() {
    return !(decodeRgb && rgbLayer.overran()) && !(decodeNir && nirLayer.overran());
  }

  @Override
  public void read(byte[] record, int offset, int context) {
    int[] last = lastValues[current];
    if (context != current) {
      current = context;
      if (unused[context]) {
        startContext(context, last);
        last = lastValues[context];
      }
    }
    if (decodeRgb) {
      rgbModels[current].decode(rgbLayer, last, rgb);
      last[0] = rgb[0];
      last[1] = rgb[1];
      last[2] = rgb[2];
    }
    if (decodeNir) {
      int n = last[3];
      int used = nirLayer.decodeSymbol(nirUsed[current]);
      int value = (used & 1) != 0 ? Bytes.fold(nirLayer.decodeSymbol(nirDiffs[current][0]) + (n & 0xFF)) : n & 0xFF;
      value |= (used & 2) != 0 ? Bytes.fold(nirLayer.decodeSymbol(nirDiffs[current][1]) + (n >>> 8)) << 8 : n & 0xFF00;
      last[3] = value;
    }
    for (int i = 0; i < (nir ? 4 : 3); i++) {
      Bytes.put16(record, offset + 2 * i, last[i]);
    }
  }
}
