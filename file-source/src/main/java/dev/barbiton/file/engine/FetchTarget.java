package dev.barbiton.file.engine;

import dev.barbiton.assets.ByteRange;
import dev.barbiton.assets.ByteRanges;

/**
 * The next bytes to request: from {@code start} to {@code endInclusive} (-1 for "to the end").
 *
 * @param forDemand true when a blocked reader chose it
 */
record FetchTarget(long start, long endInclusive, boolean forDemand) {

  /**
   * Chooses what to fetch next. A reader blocked on a missing byte wins (the most recently blocked
   * first); otherwise the download goes on sequentially from {@code cursor}; past the end it fills
   * the gaps from the start. The request stops before the next bytes already cached.
   *
   * @return null when nothing is missing (only possible with a known length)
   */
  static FetchTarget next(ByteRanges have, long length, long cursor, long[] waiting) {
    for (long pos : waiting) {
      if ((length < 0 || pos < length) && have.contiguousFrom(pos) == 0) return bounded(have, pos, true);
    }
    long start = have.firstMissing(Math.max(0, cursor));
    if (length >= 0 && start >= length) start = have.firstMissing(0);
    if (length >= 0 && start >= length) return null;
    return bounded(have, start, false);
  }

  private static FetchTarget bounded(ByteRanges have, long start, boolean forDemand) {
    for (ByteRange range : have.ranges()) {
      if (range.start() > start) return new FetchTarget(start, range.start() - 1, forDemand);
    }
    return new FetchTarget(start, -1, forDemand);
  }

  String rangeHeader() {
    return "bytes=" + start + "-" + (endInclusive < 0 ? "" : Long.toString(endInclusive));
  }
}
