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

  /**
   * As {@link #next(ByteRanges, long, long, long[])}, for a source that fetches only {@code scope}
   * (plus what readers wait for): a reader's request is cut at {@code chunk} bytes past its
   * position, so bytes nobody asked for are not streamed on; otherwise the first missing byte of
   * the scope, up to the end of its range.
   *
   * @return null when the scope is cached (clamped to {@code length} when known) and no reader waits
   */
  static FetchTarget next(ByteRanges have, long length, long[] waiting, ByteRanges scope, long chunk) {
    for (long pos : waiting) {
      if ((length < 0 || pos < length) && have.contiguousFrom(pos) == 0) {
        FetchTarget demand = bounded(have, pos, true);
        long cut = length < 0 ? pos + chunk - 1 : Math.min(length, pos + chunk) - 1;
        return demand.endInclusive < 0 || demand.endInclusive > cut ? new FetchTarget(pos, cut, true) : demand;
      }
    }
    for (ByteRange range : scope.ranges()) {
      long end = length < 0 ? range.end() : Math.min(range.end(), length);
      long start = have.firstMissing(range.start());
      if (start >= end) continue;
      FetchTarget gap = bounded(have, start, false);
      long last = end - 1;
      return gap.endInclusive < 0 || gap.endInclusive > last ? new FetchTarget(start, last, false) : gap;
    }
    return null;
  }

  /**
   * The first request a scoped source makes for a waiting reader: small, since a reader of a
   * header hops (box to box, moof to moof); each request that a reader continues right where the
   * last one ended doubles it, up to {@link #MAX_DEMAND_CHUNK}.
   */
  static final long FIRST_DEMAND_CHUNK = 4 << 10;
  static final long MAX_DEMAND_CHUNK = 8 << 20;

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
