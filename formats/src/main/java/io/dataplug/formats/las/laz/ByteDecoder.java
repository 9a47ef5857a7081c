package io.dataplug.formats.las.laz;

/** BYTE version 2 (LASzip's LASreadItemCompressed_BYTE_v2): extra bytes, each coded against the previous point's. */
final class ByteDecoder implements ItemDecoder {
  private final ArithmeticDecoder decoder;
  private final SymbolModel[] models;
  private final int[] last;

  ByteDecoder(ArithmeticDecoder decoder, int count) {
    this.decoder = decoder;
    models = new SymbolModel[count];
    for (int i = 0; i < count; i++) {
      models[i] = new SymbolModel(256);
    }
    last = new int[count];
  }

  @Override
  public void start(byte[] record, int offset) {
    for (int i = 0; i < models.length; i++) {
      models[i].reset();
      last[i] = record[offset + i] & 0xFF;
    }
  }

  @Override
  public void read(byte[] record, int offset) {
    for (int i = 0; i < models.length; i++) {
      last[i] = Bytes.fold(last[i] + decoder.decodeSymbol(models[i]));
      record[offset + i] = (byte) last[i];
    }
  }
}
