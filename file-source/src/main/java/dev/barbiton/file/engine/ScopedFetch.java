package dev.barbiton.file.engine;

import dev.barbiton.assets.ByteRanges;

/**
 * What a scoped driver ({@code FileSourceOptions.fetchOnly}) fetches next: the missing bytes of
 * its scope, and for a waiting reader a request that starts at {@link
 * FetchTarget#FIRST_DEMAND_CHUNK} and doubles while the reader reads on from where the last one
 * ended, up to {@link FetchTarget#MAX_DEMAND_CHUNK}: a reader of a header hops, a player streams.
 * The driver's thread only.
 */
final class ScopedFetch {
  private final ByteRanges scope;
  private long demandChunk = FetchTarget.FIRST_DEMAND_CHUNK;
  private long lastDemandEnd = -1;

  ScopedFetch(ByteRanges scope) {
    this.scope = scope;
  }

  /** The next request, or null when the scope is cached and no reader waits. */
  FetchTarget next(ByteRanges have, long length, long[] waiting) {
    FetchTarget target = FetchTarget.next(have, length, waiting, scope, demandChunk);
    if (target != null && target.forDemand()) {
      boolean continues = target.start() == lastDemandEnd;
      demandChunk = continues ? Math.min(FetchTarget.MAX_DEMAND_CHUNK, demandChunk * 2) : FetchTarget.FIRST_DEMAND_CHUNK;
      target = FetchTarget.next(have, length, waiting, scope, demandChunk);
      lastDemandEnd = target.endInclusive() < 0 ? -1 : target.endInclusive() + 1;
    }
    return target;
  }
}
