package io.dataplug.formats.las.laz;

/**
 * POINT10 version 2 (LASzip's LASreadItemCompressed_POINT10_v2): the 20 bytes every point format 0 to 5 starts
 * with. A symbol says which of the flags, intensity, classification, scan angle, user data and point source changed;
 * X and Y are the median of the last five differences plus a corrector, Z the last height of the same return level,
 * all in contexts chosen by the return number and count.
 */
final class Point10Decoder implements ItemDecoder {
  // number_return_map and number_return_level of laszip_common_v2.hpp, indexed [returns][return number]
  private static final byte[][] RETURN_MAP = {
      {15, 14, 13, 12, 11, 10, 9, 8},
      {14, 0, 1, 3, 6, 10, 10, 9},
      {13, 1, 2, 4, 7, 11, 11, 10},
      {12, 3, 4, 5, 8, 12, 12, 11},
      {11, 6, 7, 8, 9, 13, 13, 12},
      {10, 10, 11, 12, 13, 14, 14, 13},
      {9, 10, 11, 12, 13, 14, 15, 14},
      {8, 9, 10, 11, 12, 13, 14, 15}};
  private static final byte[][] RETURN_LEVEL = {
      {0, 1, 2, 3, 4, 5, 6, 7},
      {1, 0, 1, 2, 3, 4, 5, 6},
      {2, 1, 0, 1, 2, 3, 4, 5},
      {3, 2, 1, 0, 1, 2, 3, 4},
      {4, 3, 2, 1, 0, 1, 2, 3},
      {5, 4, 3, 2, 1, 0, 1, 2},
      {6, 5, 4, 3, 2, 1, 0, 1},
      {7, 6, 5, 4, 3, 2, 1, 0}};

  private final ArithmeticDecoder decoder;
  private final SymbolModel changedValues = new SymbolModel(64);
  private final IntegerDecoder intensityDecoder;
  private final SymbolModel[] scanAngleRank = {new SymbolModel(256), new SymbolModel(256)};
  private final IntegerDecoder pointSourceDecoder;
  // one model per previous value, created when first needed (a chunk's reset covers the ones that exist)
  private final SymbolModel[] flagsModels = new SymbolModel[256];
  private final SymbolModel[] classificationModels = new SymbolModel[256];
  private final SymbolModel[] userDataModels = new SymbolModel[256];
  private final IntegerDecoder dx;
  private final IntegerDecoder dy;
  private final IntegerDecoder dz;
  private final Median5[] xDiffs = new Median5[16];
  private final Median5[] yDiffs = new Median5[16];
  private final int[] lastIntensity = new int[16];
  private final int[] lastHeight = new int[8];

  private int x;
  private int y;
  private int z;
  private int intensity;
  private int flags;
  private int classification;
  private int scanAngle;
  private int userData;
  private int pointSource;

  Point10Decoder(ArithmeticDecoder decoder) {
    this.decoder = decoder;
    intensityDecoder = new IntegerDecoder(decoder, 16, 4);
    pointSourceDecoder = new IntegerDecoder(decoder, 16, 1);
    dx = new IntegerDecoder(decoder, 32, 2);
    dy = new IntegerDecoder(decoder, 32, 22);
    dz = new IntegerDecoder(decoder, 32, 20);
    for (int i = 0; i < 16; i++) {
      xDiffs[i] = new Median5();
      yDiffs[i] = new Median5();
    }
  }

  @Override
  public void start(byte[] record, int offset) {
    for (int i = 0; i < 16; i++) {
      xDiffs[i].reset();
      yDiffs[i].reset();
      lastIntensity[i] = 0;
    }
    java.util.Arrays.fill(lastHeight, 0);
    changedValues.reset();
    intensityDecoder.reset();
    scanAngleRank[0].reset();
    scanAngleRank[1].reset();
    pointSourceDecoder.reset();
    for (int i = 0; i < 256; i++) {
      resetIfPresent(flagsModels[i]);
      resetIfPresent(classificationModels[i]);
      resetIfPresent(userDataModels[i]);
    }
    dx.reset();
    dy.reset();
    dz.reset();
    x = Bytes.i32(record, offset);
    y = Bytes.i32(record, offset + 4);
    z = Bytes.i32(record, offset + 8);
    intensity = 0; // LASzip starts every chunk's intensity prediction at zero, not at the first point's
    flags = record[offset + 14] & 0xFF;
    classification = record[offset + 15] & 0xFF;
    scanAngle = record[offset + 16] & 0xFF;
    userData = record[offset + 17] & 0xFF;
    pointSource = Bytes.u16(record, offset + 18);
  }

  private static void resetIfPresent(SymbolModel m) {
    if (m != null) {
      m.reset();
    }
  }

  private static SymbolModel model(SymbolModel[] models, int previous) {
    SymbolModel m = models[previous];
    if (m == null) {
      m = models[previous] = new SymbolModel(256);
    }
    return m;
  }

  @Override
  public void read(byte[] record, int offset) {
    int changed = decoder.decodeSymbol(changedValues);
    int m;
    int l;
    int n;
    if (changed != 0) {
      if ((changed & 32) != 0) {
        flags = decoder.decodeSymbol(model(flagsModels, flags));
      }
      int r = flags & 7;
      n = (flags >>> 3) & 7;
      m = RETURN_MAP[n][r];
      l = RETURN_LEVEL[n][r];
      if ((changed & 16) != 0) {
        intensity = intensityDecoder.decode(lastIntensity[m], Math.min(m, 3)) & 0xFFFF;
        lastIntensity[m] = intensity;
      } else {
        intensity = lastIntensity[m];
      }
      if ((changed & 8) != 0) {
        classification = decoder.decodeSymbol(model(classificationModels, classification));
      }
      if ((changed & 4) != 0) {
        int value = decoder.decodeSymbol(scanAngleRank[(flags >>> 6) & 1]);
        scanAngle = Bytes.fold(value + scanAngle);
      }
      if ((changed & 2) != 0) {
        userData = decoder.decodeSymbol(model(userDataModels, userData));
      }
      if ((changed & 1) != 0) {
        pointSource = pointSourceDecoder.decode(pointSource, 0) & 0xFFFF;
      }
    } else {
      int r = flags & 7;
      n = (flags >>> 3) & 7;
      m = RETURN_MAP[n][r];
      l = RETURN_LEVEL[n][r];
    }
    int single = n == 1 ? 1 : 0;
    int diff = dx.decode(xDiffs[m].get(), single);
    x += diff;
    xDiffs[m].add(diff);
    int kBits = dx.k();
    diff = dy.decode(yDiffs[m].get(), single + (kBits < 20 ? kBits & ~1 : 20));
    y += diff;
    yDiffs[m].add(diff);
    kBits = (dx.k() + dy.k()) >>> 1;
    z = dz.decode(lastHeight[l], single + (kBits < 18 ? kBits & ~1 : 18));
    lastHeight[l] = z;

    Bytes.put32(record, offset, x);
    Bytes.put32(record, offset + 4, y);
    Bytes.put32(record, offset + 8, z);
    Bytes.put16(record, offset + 12, intensity);
    record[offset + 14] = (byte) flags;
    record[offset + 15] = (byte) classification;
    record[offset + 16] = (byte) scanAngle;
    record[offset + 17] = (byte) userData;
    Bytes.put16(record, offset + 18, pointSource);
  }
}
