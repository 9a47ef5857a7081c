package io.dataplug.formats.las.laz;

/**
 * Which scanner-channel context an item after POINT14 uses (LASzip's version 3 readers, which the encoders mirror):
 * the point item hands the other items a channel only on a point that switches channels (0 on every other point); a
 * channel seen for the first time in the chunk starts as a copy of the context before, and a switch back to one
 * already seen codes that point with the new context's models but predicts it from (and stores it as) the previous
 * context's last values.
 */
final class ChannelContexts {
  /** Starts context {@code to} as a copy of context {@code from}'s last values, with fresh models. */
  interface Starter {
    void start(int to, int from);
  }

  private final boolean[] unused = new boolean[4];
  private int current;

  /** A new chunk whose first point is on channel {@code context}. */
  void start(int context) {
    java.util.Arrays.fill(unused, true);
    unused[context] = false;
    current = context;
  }

  /**
   * Moves to {@code context} for the next point: returns the context whose last values predict it and store it;
   * {@link #current()} is the one whose models code it.
   */
  int next(int context, Starter starter) {
    int previous = current;
    if (context == previous) {
      return previous;
    }
    current = context;
    if (unused[context]) {
      unused[context] = false;
      starter.start(context, previous);
      return context;
    }
    return previous;
  }

  int current() {
    return current;
  }
}
