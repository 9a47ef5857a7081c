package io.dataplug.formats.las.laz;

/**
 * POINT14 version 3 (LASzip's LASreadItemCompressed_POINT14_v3): the 30 bytes every point format 6 to 10 starts with,
 * in nine layers: scanner channel, returns and X/Y; Z; classification; flags; intensity; scan angle; user data; point
 * source; GPS time. Each scanner channel has its own context (models and last point), created from the point before
 * when the channel first appears in a chunk. A layer not requested, or empty in the chunk, keeps its field at the
 * chunk's first point's value.
 */
final class Point14Decoder implements LayeredItemDecoder {
  static final int LAYER_XY = 0;
  static final int LAYER_Z = 1;
  static final int LAYER_CLASSIFICATION = 2;
  static final int LAYER_FLAGS = 3;
  static final int LAYER_INTENSITY = 4;
  static final int LAYER_SCAN_ANGLE = 5;
  static final int LAYER_USER_DATA = 6;
  static final int LAYER_POINT_SOURCE = 7;
  static final int LAYER_GPS_TIME = 8;
  private static final int LAYERS = 9;

  // number_return_map_6ctx and number_return_level_8ctx of laszip_common_v3.hpp, indexed [returns][return number]
  private static final byte[][] RETURN_MAP = {
      {0, 1, 2, 3, 4, 5, 3, 4, 4, 5, 5, 5, 5, 5, 5, 5},
      {1, 0, 1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3},
      {2, 1, 2, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3},
      {3, 3, 4, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4},
      {4, 3, 4, 4, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4},
      {5, 3, 4, 4, 4, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4},
      {3, 3, 4, 4, 4, 4, 5, 4, 4, 4, 4, 4, 4, 4, 4, 4},
      {4, 3, 4, 4, 4, 4, 4, 5, 4, 4, 4, 4, 4, 4, 4, 4},
      {4, 3, 4, 4, 4, 4, 4, 4, 5, 4, 4, 4, 4, 4, 4, 4},
      {5, 3, 4, 4, 4, 4, 4, 4, 4, 5, 4, 4, 4, 4, 4, 4},
      {5, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5, 4, 4, 4, 4, 4},
      {5, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 4, 4, 4},
      {5, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 4, 4},
      {5, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 4},
      {5, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5},
      {5, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5}};
  private static final byte[][] RETURN_LEVEL = new byte[16][16];

  static {
    for (int n = 0; n < 16; n++) {
      for (int r = 0; r < 16; r++) {
        RETURN_LEVEL[n][r] = (byte) Math.min(7, Math.abs(n - r));
      }
    }
  }

  /** A point's fields as the coder sees them (LASzip's LASpoint14, without the legacy fields). */
  static final class Point {
    int x;
    int y;
    int z;
    int intensity;
    int returnNumber;
    int returns;
    int classificationFlags;
    int scannerChannel;
    int scanDirection;
    int edge;
    int classification;
    int userData;
    int scanAngle;
    int pointSource;
    long gpsTime;
    boolean gpsTimeChanged;

    void read(byte[] r, int at) {
      x = Bytes.i32(r, at);
      y = Bytes.i32(r, at + 4);
      z = Bytes.i32(r, at + 8);
      intensity = Bytes.u16(r, at + 12);
      returnNumber = r[at + 14] & 0x0F;
      returns = (r[at + 14] >>> 4) & 0x0F;
      classificationFlags = r[at + 15] & 0x0F;
      scannerChannel = (r[at + 15] >>> 4) & 3;
      scanDirection = (r[at + 15] >>> 6) & 1;
      edge = (r[at + 15] >>> 7) & 1;
      classification = r[at + 16] & 0xFF;
      userData = r[at + 17] & 0xFF;
      scanAngle = (short) Bytes.u16(r, at + 18);
      pointSource = Bytes.u16(r, at + 20);
      gpsTime = Bytes.i64(r, at + 22);
      gpsTimeChanged = false;
    }

    void write(byte[] r, int at) {
      Bytes.put32(r, at, x);
      Bytes.put32(r, at + 4, y);
      Bytes.put32(r, at + 8, z);
      Bytes.put16(r, at + 12, intensity);
      r[at + 14] = (byte) (returnNumber | returns << 4);
      r[at + 15] = (byte) (classificationFlags | scannerChannel << 4 | scanDirection << 6 | edge << 7);
      r[at + 16] = (byte) classification;
      r[at + 17] = (byte) userData;
      Bytes.put16(r, at + 18, scanAngle);
      Bytes.put16(r, at + 20, pointSource);
      Bytes.put64(r, at + 22, gpsTime);
    }

    void copy(Point p) {
      x = p.x;
      y = p.y;
      z = p.z;
      intensity = p.intensity;
      returnNumber = p.returnNumber;
      returns = p.returns;
      classificationFlags = p.classificationFlags;
      scannerChannel = p.scannerChannel;
      scanDirection = p.scanDirection;
      edge = p.edge;
      classification = p.classification;
      userData = p.userData;
      scanAngle = p.scanAngle;
      pointSource = p.pointSource;
      gpsTime = p.gpsTime;
      gpsTimeChanged = p.gpsTimeChanged;
    }
  }

  /** One scanner channel's models and last point. */
  private final class Context {
    final Point last = new Point();
    final SymbolModel[] changedValues = new SymbolModel[8];
    final SymbolModel scannerChannel = new SymbolModel(3);
    final SymbolModel[] returnsModels = new SymbolModel[16];
    final SymbolModel[] returnNumberModels = new SymbolModel[16];
    final SymbolModel returnNumberGpsSame = new SymbolModel(13);
    final IntegerDecoder dx = new IntegerDecoder(xy, 32, 2);
    final IntegerDecoder dy = new IntegerDecoder(xy, 32, 22);
    final Median5[] xDiffs = new Median5[12];
    final Median5[] yDiffs = new Median5[12];
    final IntegerDecoder dz = new IntegerDecoder(z, 32, 20);
    final int[] lastZ = new int[8];
    final SymbolModel[] classificationModels = new SymbolModel[64];
    final SymbolModel[] flagsModels = new SymbolModel[64];
    final SymbolModel[] userDataModels = new SymbolModel[64];
    final IntegerDecoder intensityDecoder = new IntegerDecoder(intensity, 16, 4);
    final int[] lastIntensity = new int[8];
    final IntegerDecoder scanAngleDecoder = new IntegerDecoder(scanAngle, 16, 2);
    final IntegerDecoder pointSourceDecoder = new IntegerDecoder(pointSource, 16, 1);
    final GpsTimeSequences gps = new GpsTimeSequences(gpsTime, GpsTimeSequences.Version.V3);
    boolean unused = true;

    Context() {
      for (int i = 0; i < 8; i++) {
        changedValues[i] = new SymbolModel(128);
      }
      for (int i = 0; i < 12; i++) {
        xDiffs[i] = new Median5();
        yDiffs[i] = new Median5();
      }
    }

    /** LASzip's createAndInitModelsAndDecompressors: fresh models, predictions from {@code seed}. */
    void start(Point seed) {
      for (SymbolModel m : changedValues) {
        m.reset();
      }
      scannerChannel.reset();
      resetPresent(returnsModels);
      resetPresent(returnNumberModels);
      returnNumberGpsSame.reset();
      dx.reset();
      dy.reset();
      for (int i = 0; i < 12; i++) {
        xDiffs[i].reset();
        yDiffs[i].reset();
      }
      dz.reset();
      java.util.Arrays.fill(lastZ, seed.z);
      resetPresent(classificationModels);
      resetPresent(flagsModels);
      resetPresent(userDataModels);
      intensityDecoder.reset();
      java.util.Arrays.fill(lastIntensity, seed.intensity);
      scanAngleDecoder.reset();
      pointSourceDecoder.reset();
      gps.start(seed.gpsTime);
      last.copy(seed);
      last.gpsTimeChanged = false;
      unused = false;
    }
  }

  private static void resetPresent(SymbolModel[] models) {
    for (SymbolModel m : models) {
      if (m != null) {
        m.reset();
      }
    }
  }

  private static SymbolModel model(SymbolModel[] models, int index, int symbols) {
    SymbolModel m = models[index];
    if (m == null) {
      m = models[index] = new SymbolModel(symbols);
    }
    return m;
  }

  private final boolean[] requested;
  private final ArithmeticDecoder xy = new ArithmeticDecoder();
  private final ArithmeticDecoder z = new ArithmeticDecoder();
  private final ArithmeticDecoder classification = new ArithmeticDecoder();
  private final ArithmeticDecoder flags = new ArithmeticDecoder();
  private final ArithmeticDecoder intensity = new ArithmeticDecoder();
  private final ArithmeticDecoder scanAngle = new ArithmeticDecoder();
  private final ArithmeticDecoder userData = new ArithmeticDecoder();
  private final ArithmeticDecoder pointSource = new ArithmeticDecoder();
  private final ArithmeticDecoder gpsTime = new ArithmeticDecoder();
  private final ArithmeticDecoder[] decoders = {xy, z, classification, flags, intensity, scanAngle, userData,
      pointSource, gpsTime};
  private final boolean[] decoding = new boolean[LAYERS];
  private final Context[] contexts = new Context[4];
  private final Point seed = new Point();
  private int current;
  private boolean switched;

  /** {@code requested[layer]}: whether to decode that layer (the XY layer always is). */
  Point14Decoder(boolean[] requested) {
    this.requested = requested.clone();
    for (int c = 0; c < 4; c++) {
      contexts[c] = new Context();
    }
  }

  @Override
  public int layers() {
    return LAYERS;
  }

  /**
   * The context the other items of the point decoded last use: its scanner channel when it switched channels, else 0.
   * (LASzip hands the items a context that starts at 0 for every point and that only a switch sets; lazrs and
   * laszip4j do the same, and the encoders wrote the files that way.)
   */
  int context() {
    return switched ? current : 0;
  }

  @Override
  public void start(byte[] record, int offset, byte[] chunk, int[] layerStarts, int[] layerSizes, int first,
      int context) {
    for (int layer = 0; layer < LAYERS; layer++) {
      int size = layerSizes[first + layer];
      decoding[layer] = layer == LAYER_XY || (requested[layer] && size > 0);
      if (decoding[layer]) {
        int start = layerStarts[first + layer];
        decoders[layer].start(chunk, start, start + size);
      }
    }
    for (Context c : contexts) {
      c.unused = true;
    }
    seed.read(record, offset);
    current = seed.scannerChannel;
    contexts[current].start(seed);
  }

  @Override
  public boolean withinLayers() {
    for (int layer = 0; layer < LAYERS; layer++) {
      if (decoding[layer] && decoders[layer].overran()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void read(byte[] record, int offset, int unusedContext) {
    Context c = contexts[current];
    Point last = c.last;
    int lpr = (last.returnNumber == 1 ? 1 : 0) + (last.returnNumber >= last.returns ? 2 : 0)
        + (last.gpsTimeChanged ? 4 : 0);
    int changed = xy.decodeSymbol(c.changedValues[lpr]);
    switched = (changed & (1 << 6)) != 0;
    if (switched) {
      int diff = xy.decodeSymbol(c.scannerChannel);
      int channel = (current + diff + 1) & 3;
      if (contexts[channel].unused) {
        contexts[channel].start(last);
      }
      current = channel;
      c = contexts[channel];
      last = c.last;
      last.scannerChannel = channel;
    }
    boolean pointSourceChanged = (changed & (1 << 5)) != 0;
    boolean gpsTimeChanged = (changed & (1 << 4)) != 0;
    boolean scanAngleChanged = (changed & (1 << 3)) != 0;
    int lastReturns = last.returns;
    int lastReturn = last.returnNumber;
    int n = lastReturns;
    if ((changed & (1 << 2)) != 0) {
      n = xy.decodeSymbol(model(c.returnsModels, lastReturns, 16));
      last.returns = n;
    }
    int r;
    switch (changed & 3) {
      case 0 -> r = lastReturn;
      case 1 -> r = (lastReturn + 1) & 15;
      case 2 -> r = (lastReturn + 15) & 15;
      default -> {
        if (gpsTimeChanged) {
          r = xy.decodeSymbol(model(c.returnNumberModels, lastReturn, 16));
        } else {
          r = (lastReturn + xy.decodeSymbol(c.returnNumberGpsSame) + 2) & 15;
        }
      }
    }
    last.returnNumber = r;
    int m = RETURN_MAP[n][r];
    int l = RETURN_LEVEL[n][r];
    int cpr = (r == 1 ? 2 : 0) + (r >= n ? 1 : 0);
    int single = n == 1 ? 1 : 0;
    int medianIndex = (m << 1) | (gpsTimeChanged ? 1 : 0);
    int diff = c.dx.decode(c.xDiffs[medianIndex].get(), single);
    last.x += diff;
    c.xDiffs[medianIndex].add(diff);
    int kBits = c.dx.k();
    diff = c.dy.decode(c.yDiffs[medianIndex].get(), single + (kBits < 20 ? kBits & ~1 : 20));
    last.y += diff;
    c.yDiffs[medianIndex].add(diff);
    if (decoding[LAYER_Z]) {
      kBits = (c.dx.k() + c.dy.k()) >>> 1;
      last.z = c.dz.decode(c.lastZ[l], single + (kBits < 18 ? kBits & ~1 : 18));
      c.lastZ[l] = last.z;
    }
    if (decoding[LAYER_CLASSIFICATION]) {
      int context = ((last.classification & 0x1F) << 1) + (cpr == 3 ? 1 : 0);
      last.classification = classification.decodeSymbol(model(c.classificationModels, context, 256));
    }
    if (decoding[LAYER_FLAGS]) {
      int lastFlags = last.edge << 5 | last.scanDirection << 4 | last.classificationFlags;
      int f = flags.decodeSymbol(model(c.flagsModels, lastFlags, 64));
      last.edge = (f >>> 5) & 1;
      last.scanDirection = (f >>> 4) & 1;
      last.classificationFlags = f & 0x0F;
    }
    if (decoding[LAYER_INTENSITY]) {
      int index = (cpr << 1) | (gpsTimeChanged ? 1 : 0);
      int value = c.intensityDecoder.decode(c.lastIntensity[index], cpr) & 0xFFFF;
      c.lastIntensity[index] = value;
      last.intensity = value;
    }
    if (decoding[LAYER_SCAN_ANGLE] && scanAngleChanged) {
      last.scanAngle = (short) c.scanAngleDecoder.decode(last.scanAngle, gpsTimeChanged ? 1 : 0);
    }
    if (decoding[LAYER_USER_DATA]) {
      last.userData = userData.decodeSymbol(model(c.userDataModels, last.userData >>> 2, 256));
    }
    if (decoding[LAYER_POINT_SOURCE] && pointSourceChanged) {
      last.pointSource = c.pointSourceDecoder.decode(last.pointSource, 0) & 0xFFFF;
    }
    if (decoding[LAYER_GPS_TIME] && gpsTimeChanged) {
      last.gpsTime = c.gps.read();
    }
    last.write(record, offset);
    last.gpsTimeChanged = gpsTimeChanged;
  }
}
