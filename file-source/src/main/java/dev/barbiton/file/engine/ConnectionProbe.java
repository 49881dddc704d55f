package dev.barbiton.file.engine;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How many connections a download should run, found by trying: it measures the rate at which
 * bytes are cached with one connection, then doubles the count (up to the most) while the rate
 * grows by at least {@link #GAIN}; at the first step that does not, it settles on the count before
 * and tries no more for the download's life. An origin that limits each connection (or a long fat
 * path) gets the most in two steps; a link that one connection fills keeps one (and two for a
 * window); one connection at {@link #ENOUGH_BYTES_PER_NANO} or more keeps one without trying.
 *
 * <p>Each measurement skips the first {@link #WARMUP_NANOS} after a change (a new connection's
 * first byte and its slow start), then measures for {@link #WINDOW_NANOS}. A window in which fewer
 * connections ran than wanted (one ended, or nothing was left to split) says nothing of the count
 * and is measured again. Not thread-safe: the driver's thread only.
 */
final class ConnectionProbe {
  /** The least growth, as a factor of the rate before, that keeps a new connection. */
  static final double GAIN = 1.2;
  static final long WARMUP_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
  static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  /**
   * One connection this fast (100 MB/s) is not held back by its path: limits per connection (an
   * origin's throttle, a window over a long round trip) sit far below, while at this rate a second
   * connection competes for the CPU and the disk (on loopback it cost a third of the rate while it
   * ran). Such a download keeps one connection without trying two.
   */
  static final double ENOUGH_BYTES_PER_NANO = 0.1;

  private final int max;
  private int target = 1;
  private boolean settled;
  /** Since when the count is what it is (the window starts {@link #WARMUP_NANOS} later); -1 before the first bytes. */
  private long changedAt = -1;
  private long windowStart = -1;
  private long windowBytes;
  private double rateBefore;
  private int countBefore = 1;

  ConnectionProbe(int max) {
    this.max = Math.max(1, max);
  }

  /**
   * The connections the download should run now, given the time, the bytes cached so far (asked
   * only at a window's edges) and the connections running. Called as bytes arrive.
   */
  int target(long now, LongSupplier bytesCached, int running) {
    if (settled || max == 1) return target;
    if (changedAt < 0) changedAt = now;
    if (now - changedAt < WARMUP_NANOS) return target;
    if (windowStart < 0) {
      windowStart = now;
      windowBytes = bytesCached.getAsLong();
      return target;
    }
    if (now - windowStart < WINDOW_NANOS) return target;
    long bytes = bytesCached.getAsLong();
    double rate = (bytes - windowBytes) / (double) (now - windowStart);
    if (running < target) {
      restart(now); // not a measurement of the count wanted
      return target;
    }
    if (target == 1 && rate >= ENOUGH_BYTES_PER_NANO) {
      settled = true;
      return target;
    }
    if (target == 1 || rate >= rateBefore * GAIN) {
      rateBefore = rate;
      countBefore = target;
      if (target < max) {
        target = Math.min(max, target * 2);
        restart(now);
      } else {
        settled = true;
      }
    } else {
      target = countBefore; // the last step brought too little: the count before it is the count
      settled = true;
    }
    return target;
  }

  /** The main request changed (a reader moved it): what was measured before is not comparable. */
  void restart(long now) {
    changedAt = now;
    windowStart = -1;
  }

  boolean settled() {
    return settled;
  }
}
