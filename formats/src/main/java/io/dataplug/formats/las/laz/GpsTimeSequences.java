package io.dataplug.formats.las.laz;

/**
 * LASzip's GPS time coder, shared by GPSTIME11 version 2 and POINT14 version 3 (which differ only in their codes):
 * four sequences of times are followed at once (interleaved flight lines); a time continues one of them by a multiple
 * of its last difference plus a corrector, jumps to another sequence, or starts a new one with its full value. Times
 * are the 64-bit patterns of the doubles.
 */
final class GpsTimeSequences {
  /** The two code tables. */
  enum Version {
    /**
     * GPSTIME11 v2: after a zero difference 0 means unchanged, 1 a 32-bit difference, 2 a full time, 3 to 5 a switch;
     * otherwise 511 means unchanged, 512 a full time, above a switch.
     */
    V2(6, 1, 2, 2, MULTI - MULTI_MINUS + 1, MULTI - MULTI_MINUS + 2, MULTI - MULTI_MINUS + 6),
    /**
     * POINT14 v3 (a time is only coded when it changed): after a zero difference 0 means a 32-bit difference, 1 a full
     * time, 2 to 4 a switch; otherwise 511 means a full time, above a switch.
     */
    V3(5, 0, 1, 1, MULTI - MULTI_MINUS + 1, MULTI - MULTI_MINUS + 1, MULTI - MULTI_MINUS + 5);

    final int zeroDiffSymbols;
    final int zeroDiffSmall;
    final int zeroDiffFull;
    /** A switch after a zero difference goes {@code code - switchBase} sequences on. */
    final int zeroDiffSwitchBase;
    /** Multipliers at or above this code are not multipliers. */
    final int multiLimit;
    final int multiFull;
    final int multiSymbols;

    Version(int zeroDiffSymbols, int zeroDiffSmall, int zeroDiffFull, int zeroDiffSwitchBase, int multiLimit,
        int multiFull, int multiSymbols) {
      this.zeroDiffSymbols = zeroDiffSymbols;
      this.zeroDiffSmall = zeroDiffSmall;
      this.zeroDiffFull = zeroDiffFull;
      this.zeroDiffSwitchBase = zeroDiffSwitchBase;
      this.multiLimit = multiLimit;
      this.multiFull = multiFull;
      this.multiSymbols = multiSymbols;
    }
  }

  private static final int MULTI = 500;
  private static final int MULTI_MINUS = -10;

  private final ArithmeticDecoder decoder;
  private final Version version;
  private final SymbolModel multiModel;
  private final SymbolModel zeroDiffModel;
  private final IntegerDecoder timeDecoder;
  private final long[] lastTime = new long[4];
  private final int[] lastDiff = new int[4];
  private final int[] extremeCounter = new int[4];
  private int last;
  private int next;

  GpsTimeSequences(ArithmeticDecoder decoder, Version version) {
    this.decoder = decoder;
    this.version = version;
    multiModel = new SymbolModel(version.multiSymbols);
    zeroDiffModel = new SymbolModel(version.zeroDiffSymbols);
    timeDecoder = new IntegerDecoder(decoder, 32, 9);
  }

  /** A new chunk (or context) whose first time is {@code first}. */
  void start(long first) {
    last = 0;
    next = 0;
    java.util.Arrays.fill(lastDiff, 0);
    java.util.Arrays.fill(extremeCounter, 0);
    multiModel.reset();
    zeroDiffModel.reset();
    timeDecoder.reset();
    lastTime[0] = first;
    lastTime[1] = lastTime[2] = lastTime[3] = 0;
  }

  /** Decodes the next time. */
  long read() {
    // A switch to another sequence is followed by that sequence's own code; an encoder never switches twice in a
    // row, so more than four switches can only be corrupt data.
    for (int switches = 0; !readOne(); switches++) {
      if (switches == 4) {
        throw new LazDataException("GPS time switches sequence more than four times for one point");
      }
    }
    return lastTime[last];
  }

  /** False when the point switched to another sequence and its time follows. */
  private boolean readOne() {
    if (lastDiff[last] == 0) {
      int code = decoder.decodeSymbol(zeroDiffModel);
      if (code == version.zeroDiffSmall) {
        lastDiff[last] = timeDecoder.decode(0, 0);
        lastTime[last] += lastDiff[last];
        extremeCounter[last] = 0;
      } else if (code == version.zeroDiffFull) {
        readFull();
      } else if (code > version.zeroDiffFull) {
        last = (last + code - version.zeroDiffSwitchBase) & 3;
        return false;
      }
      return true;
    }
    int multi = decoder.decodeSymbol(multiModel);
    if (multi == 1) {
      lastTime[last] += timeDecoder.decode(lastDiff[last], 1);
      extremeCounter[last] = 0;
    } else if (multi < version.multiLimit) {
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
    } else if (multi == version.multiFull) {
      readFull();
    } else if (multi > version.multiFull) {
      last = (last + multi - version.multiFull) & 3;
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
  private void readFull() {
    next = (next + 1) & 3;
    long upper = timeDecoder.decode((int) (lastTime[last] >>> 32), 8);
    lastTime[next] = (upper << 32) | (decoder.readInt() & 0xFFFFFFFFL);
    last = next;
    lastDiff[last] = 0;
    extremeCounter[last] = 0;
  }
}
