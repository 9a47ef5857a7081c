package io.dataplug.formats.las.laz;

/** GPSTIME11 version 2 (LASzip's LASreadItemCompressed_GPSTIME11_v2): the 8-byte GPS time of point formats 1 and 3. */
final class GpsTime11Decoder implements ItemDecoder {
  private final GpsTimeSequences sequences;

  GpsTime11Decoder(ArithmeticDecoder decoder) {
    sequences = new GpsTimeSequences(decoder, GpsTimeSequences.Version.V2);
  }

  @Override
  public void start(byte[] record, int offset) {
    sequences.start(Bytes.i64(record, offset));
  }

  @Override
  public void read(byte[] record, int offset) {
    Bytes.put64(record, offset, sequences.read());
  }
}
