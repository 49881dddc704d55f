package dev.barbiton.file;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of one {@link FileSource}'s metrics since it opened ({@link FileSource#metrics()}).
 * Counters only grow; {@code bytesCached}, {@code length} and {@code readersWaiting} are as of
 * the snapshot. Immutable.
 *
 * <p>The network side counts this source's own requests (its driver's, the tail request's); the
 * reader side counts the reads of the source ({@link FileSource#readAt}, {@code read}) and of its
 * channels and streams, the FFmpeg input among them (see {@link
 * dev.barbiton.assets.ReadCounters} for exactly what counts as a read and a wait).
 *
 * @param bytesFromNetwork response body bytes received by this source's requests, whether or not
 *     they were new to the cache (a server that ignores {@code Range} sends cached bytes again)
 * @param bytesFromCache bytes that were cached when the source opened (an earlier run, another
 *     source): what the cache spared the network
 * @param bytesCached bytes of the resource cached now
 * @param length the resource's length, once known
 * @param requests HTTP requests started (each attempt, each jump to a reader, the tail request)
 * @param failedRequests requests that failed (then retried or not); not those this source stopped
 *     itself (for a reader elsewhere, a pause, a close)
 * @param supersededRequests requests stopped because a reader elsewhere took the download
 * @param retriesByCause retries after a failure, by cause; every cause present, 0 when none
 * @param timeToFirstByte from sending the first request to its response's headers; empty before
 * @param meanTimeToFirstByte the mean of that time over every response; empty before the first
 * @param receivingTime time during which at least one response body was being received
 * @param throughput {@code bytesFromNetwork} over {@code receivingTime}, in bytes per second; 0
 *     before the first body byte
 * @param reads reads that copied bytes
 * @param bytesRead bytes those reads copied
 * @param waitedReads reads that had to wait for their first byte to arrive: rebuffering events
 * @param readWaitTime time readers spent blocked for bytes, every wait that has ended
 * @param readersWaiting readers blocked for bytes at the snapshot
 */
public record SourceMetrics(
    long bytesFromNetwork,
    long bytesFromCache,
    long bytesCached,
    OptionalLong length,
    long requests,
    long failedRequests,
    long supersededRequests,
    Map<RetryCause, Long> retriesByCause,
    Optional<Duration> timeToFirstByte,
    Optional<Duration> meanTimeToFirstByte,
    Duration receivingTime,
    double throughput,
    long reads,
    long bytesRead,
    long waitedReads,
    Duration readWaitTime,
    int readersWaiting) {

  /** @throws NullPointerException if a component is null */
  public SourceMetrics {
    Objects.requireNonNull(length, "length");
    Objects.requireNonNull(timeToFirstByte, "timeToFirstByte");
    Objects.requireNonNull(meanTimeToFirstByte, "meanTimeToFirstByte");
    Objects.requireNonNull(receivingTime, "receivingTime");
    Objects.requireNonNull(readWaitTime, "readWaitTime");
    Map<RetryCause, Long> copy = new EnumMap<>(RetryCause.class);
    for (RetryCause cause : RetryCause.values()) copy.put(cause, 0L);
    copy.putAll(Objects.requireNonNull(retriesByCause, "retriesByCause"));
    retriesByCause = Collections.unmodifiableMap(copy);
  }

  /**
   * The values by name, in the order above, for JSON and logs: counts as {@code Long}, times in
   * milliseconds and ratios as {@code Double}, {@code retriesByCause} as a map of lower-case cause
   * names, what is not known yet as null. Names: {@code bytesFromNetwork, bytesFromCache,
   * bytesCached, length, requests, failedRequests, supersededRequests, retries, retriesByCause,
   * timeToFirstByteMs, meanTimeToFirstByteMs, receivingTimeMs, throughputBytesPerSecond, reads,
   * bytesRead, waitedReads, readWaitTimeMs, readersWaiting, cacheHitRatio}.
   */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bytesFromNetwork", bytesFromNetwork);
    m.put("bytesFromCache", bytesFromCache);
    m.put("bytesCached", bytesCached);
    m.put("length", length.isPresent() ? (Object) length.getAsLong() : null);
    m.put("requests", requests);
    m.put("failedRequests", failedRequests);
    m.put("supersededRequests", supersededRequests);
    m.put("retries", retries());
    Map<String, Object> causes = new LinkedHashMap<>();
    retriesByCause.forEach((cause, n) -> causes.put(cause.name().toLowerCase(Locale.ROOT), n));
    m.put("retriesByCause", causes);
    m.put("timeToFirstByteMs", timeToFirstByte.map(SourceMetrics::millis).orElse(null));
    m.put("meanTimeToFirstByteMs", meanTimeToFirstByte.map(SourceMetrics::millis).orElse(null));
    m.put("receivingTimeMs", millis(receivingTime));
    m.put("throughputBytesPerSecond", throughput);
    m.put("reads", reads);
    m.put("bytesRead", bytesRead);
    m.put("waitedReads", waitedReads);
    m.put("readWaitTimeMs", millis(readWaitTime));
    m.put("readersWaiting", readersWaiting);
    m.put("cacheHitRatio", cacheHitRatio());
    return m;
  }

  static Double millis(Duration d) {
    return d.toNanos() / 1e6;
  }

  /** Retries of every cause. */
  public long retries() {
    long sum = 0;
    for (long n : retriesByCause.values()) sum += n;
    return sum;
  }

  /**
   * The share of reads whose bytes were cached when they looked, from 0 to 1: {@code (reads -
   * waitedReads) / reads}; 0 before the first read.
   */
  public double cacheHitRatio() {
    return reads == 0 ? 0 : (double) (reads - waitedReads) / reads;
  }
}
