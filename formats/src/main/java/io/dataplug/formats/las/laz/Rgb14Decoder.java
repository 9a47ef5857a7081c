package io.dataplug.formats.las.laz;

/**
 * RGB14 and RGBNIR14 version 3 (LASzip's LASreadItemCompressed_RGB14_v3 and _RGBNIR14_v3): red, green, blue (and
 * near infrared) of point formats 7, 8 and 10, in one layer for RGB and one for NIR, with a context per scanner
 * channel.
 *
 * <p>Contexts switch as {@link ChannelContexts} says (as LASzip's, lazrs's and laszip4j's readers switch them); only
 * that decodes the real COPC files here the same as laszip4j (LazPointDecoderTest).
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
  private final ChannelContexts channels = new ChannelContexts();
  private final ChannelContexts.Starter starter = this::startContext;
  private final int[] rgb = new int[3];
  private boolean decodeRgb;
  private boolean decodeNir;

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
    channels.start(context);
    resetModels(context);
    for (int i = 0; i < (nir ? 4 : 3); i++) {
      lastValues[context][i] = Bytes.u16(record, offset + 2 * i);
    }
  }

  private void resetModels(int context) {
    rgbModels[context].reset();
    nirUsed[context].reset();
    nirDiffs[context][0].reset();
    nirDiffs[context][1].reset();
  }

  private void startContext(int to, int from) {
    resetModels(to);
    System.arraycopy(lastValues[from], 0, lastValues[to], 0, 4);
  }

  @Override
  public boolean withinLayers() {
    return !(decodeRgb && rgbLayer.overran()) && !(decodeNir && nirLayer.overran());
  }

  @Override
  public void read(byte[] record, int offset, int context) {
    int[] last = lastValues[channels.next(context, starter)];
    int current = channels.current();
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
