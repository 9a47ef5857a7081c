package io.dataplug.formats.las.laz;

/**
 * BYTE14 version 3 (LASzip's LASreadItemCompressed_BYTE14_v3): the extra bytes of point formats 6 to 10, each byte in
 * a layer of its own, coded against the previous point's, with a context per scanner channel (switched as in
 * {@link Rgb14Decoder}).
 */
final class Byte14Decoder implements LayeredItemDecoder {
  private final int count;
  private final boolean requested;
  private final ArithmeticDecoder[] layers;
  private final boolean[] decoding;
  private final SymbolModel[][] models;
  private final int[][] lastValues;
  private final ChannelContexts channels = new ChannelContexts();
  private final ChannelContexts.Starter starter = this::startContext;

  Byte14Decoder(int count, boolean requested) {
    this.count = count;
    this.requested = requested;
    layers = new ArithmeticDecoder[count];
    decoding = new boolean[count];
    models = new SymbolModel[4][count];
    lastValues = new int[4][count];
    for (int i = 0; i < count; i++) {
      layers[i] = new ArithmeticDecoder();
      for (int c = 0; c < 4; c++) {
        models[c][i] = new SymbolModel(256);
      }
    }
  }

  @Override
  public int layers() {
    return count;
  }

  @Override
  public void start(byte[] record, int offset, byte[] chunk, int[] layerStarts, int[] layerSizes, int first,
      int context) {
    for (int i = 0; i < count; i++) {
      decoding[i] = requested && layerSizes[first + i] > 0;
      if (decoding[i]) {
        layers[i].start(chunk, layerStarts[first + i], layerStarts[first + i] + layerSizes[first + i]);
      }
    }
    channels.start(context);
    for (int i = 0; i < count; i++) {
      lastValues[context][i] = record[offset + i] & 0xFF;
    }
    resetModels(context);
  }

  private void resetModels(int context) {
    for (SymbolModel m : models[context]) {
      m.reset();
    }
  }

  private void startContext(int to, int from) {
    resetModels(to);
    System.arraycopy(lastValues[from], 0, lastValues[to], 0, count);
  }

  @Override
  public boolean withinLayers() {
    for (int i = 0; i < count; i++) {
      if (decoding[i] && layers[i].overran()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void read(byte[] record, int offset, int context) {
    int[] last = lastValues[channels.next(context, starter)];
    int current = channels.current();
    for (int i = 0; i < count; i++) {
      if (decoding[i]) {
        last[i] = Bytes.fold(last[i] + layers[i].decodeSymbol(models[current][i]));
      }
      record[offset + i] = (byte) last[i];
    }
  }
}
