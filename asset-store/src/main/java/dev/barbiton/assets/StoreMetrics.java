package dev.barbiton.assets;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of an {@link AssetStore}'s metrics since it opened ({@link AssetStore#metrics()}).
 * Counters only grow; sizes are as of the snapshot. Immutable.
 *
 * @param bytesUsed bytes held by all resources (available bytes, not sparse file sizes)
 * @param maxBytes the size bound for resources that are not open ({@link AssetStore.Builder#maxBytes})
 * @param resources resources in the store, open or not
 * @param pinned resources open by at least one handle or writer (never evicted)
 * @param bytesWritten bytes writers wrote into the store: what downloads brought from the network
 * @param reads reads of any handle that copied bytes (see {@link ReadCounters} for what counts)
 * @param bytesRead bytes those reads copied: what readers got from the cache
 * @param waitedReads reads that had to wait for their first byte to arrive (rebuffering events)
 * @param readWaitTime time readers spent blocked for bytes, every wait that has ended
 * @param readersWaiting readers blocked for bytes at the snapshot
 * @param evictions resources evicted by the size bound
 * @param evictedBytes bytes those evictions deleted
 * @param uptime time since the store opened
 */
public record StoreMetrics(
    long bytesUsed,
    long maxBytes,
    int resources,
    int pinned,
    long bytesWritten,
    long reads,
    long bytesRead,
    long waitedReads,
    Duration readWaitTime,
    int readersWaiting,
    long evictions,
    long evictedBytes,
    Duration uptime) {

  /** @throws NullPointerException if a duration is null */
  public StoreMetrics {
    Objects.requireNonNull(readWaitTime, "readWaitTime");
    Objects.requireNonNull(uptime, "uptime");
  }

  /**
   * The values by name, in the order above, for JSON and logs: counts as {@code Long} or {@code
   * Integer}, times in milliseconds and the ratio as {@code Double}. Names: {@code bytesUsed,
   * maxBytes, resources, pinned, bytesWritten, reads, bytesRead, waitedReads, readWaitTimeMs,
   * readersWaiting, evictions, evictedBytes, uptimeMs, cacheHitRatio}.
   */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bytesUsed", bytesUsed);
    m.put("maxBytes", maxBytes);
    m.put("resources", resources);
    m.put("pinned", pinned);
    m.put("bytesWritten", bytesWritten);
    m.put("reads", reads);
    m.put("bytesRead", bytesRead);
    m.put("waitedReads", waitedReads);
    m.put("readWaitTimeMs", readWaitTime.toNanos() / 1e6);
    m.put("readersWaiting", readersWaiting);
    m.put("evictions", evictions);
    m.put("evictedBytes", evictedBytes);
    m.put("uptimeMs", uptime.toNanos() / 1e6);
    m.put("cacheHitRatio", cacheHitRatio());
    return m;
  }

  /**
   * The share of reads whose bytes were cached when they looked, from 0 to 1: {@code (reads -
   * waitedReads) / reads}; 0 before the first read.
   */
  public double cacheHitRatio() {
    return reads == 0 ? 0 : (double) (reads - waitedReads) / reads;
  }
}
