package io.dataplug.formats.las.laz;

/** RGB12 version 2 (LASzip's LASreadItemCompressed_RGB12_v2): red, green and blue of point formats 2, 3 and 5. */
final class Rgb12Decoder implements ItemDecoder {
  private final ArithmeticDecoder decoder;
  private final RgbModels models = new RgbModels();
  private final int[] rgb = new int[3];

  Rgb12Decoder(ArithmeticDecoder decoder) {
    this.decoder = decoder;
  }

  @Override
  public void start(byte[] record, int offset) {
    models.reset();
    for (int i = 0; i < 3; i++) {
      rgb[i] = Bytes.u16(record, offset + 2 * i);
    }
  }

  @Override
  public void read(byte[] record, int offset) {
    models.decode(decoder, rgb, rgb);
    for (int i = 0; i < 3; i++) {
      Bytes.put16(record, offset + 2 * i, rgb[i]);
    }
  }
}
