package io.dataplug.formats.las.laz;

/**
 * GPSTIME11 version 2 (LASzip's LASreadItemCompressed_GPSTIME11_v2): the 8-byte GPS time, read as a 64-bit integer.
 * Four sequences of times are followed at once (interleaved flight lines); each point continues one of them by a
 * multiple of its last difference plus a corrector, jumps to another, or starts a new one with its full value.
 */
final class GpsTime11Decoder implements ItemDecoder {
  private static final int MULTI = 500;
  private static final int MULTI_MINUS = -10;
  private static final int MULTI_UNCHANGED = MULTI - MULTI_MINUS + 1;
  private static final int MULTI_CODE_FULL = MULTI - MULTI_MINUS + 2;
  private static final int MULTI_TOTAL = MULTI - MULTI_MINUS + 6;

  private final ArithmeticDecoder decoder;
  private final SymbolModel multiModel = new SymbolModel(MULTI_TOTAL);
  private final SymbolModel zeroDiffModel = new SymbolModel(6);
  private final IntegerDecoder timeDecoder;
  private final long[] lastTime = new long[4];
  private final int[] lastDiff = new int[4];
  private final int[] extremeCounter = new int[4];
  private int last;
  private int next;

  GpsTime11Decoder(ArithmeticDecoder decoder) {
    this.decoder = decoder;
    timeDecoder = new IntegerDecoder(decoder, 32, 9);
  }

  @Override
  public void start(byte[] record, int offset) {
    last = 0;
    next = 0;
    java.util.Arrays.fill(lastDiff, 0);
    java.util.Arrays.fill(extremeCounter, 0);
    multiModel.reset();
    zeroDiffModel.reset();
    timeDecoder.reset();
    lastTime[0] = Bytes.i64(record, offset);
    lastTime[1] = lastTime[2] = lastTime[3] = 0;
  }

  @Override
  public void read(byte[] record, int offset) {
    // A switch to another sequence is followed by that sequence's own code; an encoder never switches twice in a
    // row, so more than four switches can only be corrupt data.
    for (int switches = 0; !readOne(); switches++) {
      if (switches == 4) {
        throw new LazDataException("GPS time switches sequence more than four times for one point");
      }
    }
    Bytes.put64(record, offset, lastTime[last]);
  }

  /** False when the point switched to another sequence and its time follows. */
  private boolean readOne() {
    if (lastDiff[last] == 0) {
      int multi = decoder.decodeSymbol(zeroDiffModel);
      if (multi == 1) {
        lastDiff[last] = timeDecoder.decode(0, 0);
        lastTime[last] += lastDiff[last];
        extremeCounter[last] = 0;
      } else if (multi == 2) {
        readFull(8);
      } else if (multi > 2) {
        last = (last + multi - 2) & 3;
        return false;
      }
      return true;
    }
    int multi = decoder.decodeSymbol(multiModel);
    if (multi == 1) {
      lastTime[last] += timeDecoder.decode(lastDiff[last], 1);
      extremeCounter[last] = 0;
    } else if (multi < MULTI_UNCHANGED) {
      int diff;
      if (multi == 0) {
        diff = extreme(timeDecoder.decode(0, 7));
      } else if (multi < MULTI) {
        diff = timeDecoder.decode(multi * lastDiff[last], multi < 10 ? 2 : 3);
      } else if (multi == MULTI) {
        diff = extreme(timeDecoder.decode(MULTI * lastDiff[last], 4));
      } else {
        multi = MULTI - multi;
        if (multi > MULTI_MINUS) {
          diff = timeDecoder.decode(multi * lastDiff[last], 5);
        } else {
          diff = extreme(timeDecoder.decode(MULTI_MINUS * lastDiff[last], 6));
        }
      }
      lastTime[last] += diff;
    } else if (multi == MULTI_CODE_FULL) {
      readFull(8);
    } else if (multi > MULTI_CODE_FULL) {
      last = (last + multi - MULTI_CODE_FULL) & 3;
      return false;
    }
    return true;
  }

  /** A difference far from the last one: it becomes the sequence's difference after the fourth in a row. */
  private int extreme(int diff) {
    if (++extremeCounter[last] > 3) {
      lastDiff[last] = diff;
      extremeCounter[last] = 0;
    }
    return diff;
  }

  /** A new sequence: the upper 32 bits predicted from the current one's, the lower 32 raw. */
  private void readFull(int context) {
    next = (next + 1) & 3;
    long upper = timeDecoder.decode((int) (lastTime[last] >>> 32), context);
    lastTime[next] = (upper << 32) | (decoder.readInt() & 0xFFFFFFFFL);
    last = next;
    lastDiff[last] = 0;
    extremeCounter[last] = 0;
  }
}
