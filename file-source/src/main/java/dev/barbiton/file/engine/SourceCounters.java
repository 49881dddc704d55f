package dev.barbiton.file.engine;

import dev.barbiton.file.RetryCause;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The network side of one source's metrics, counted where its events are published ({@link
 * SourceEvents}): requests, failures, retries by cause, time to first byte, bytes received and the
 * time spent receiving them. {@code dev.barbiton.file.SourceMetrics} documents each value.
 *
 * <p>Threads: the driver's and the tail fetch's threads count; any thread reads. Counters are
 * atomics; the receiving clock (several requests may receive at once, the head and the tail) is
 * guarded by {@link #clock}, taken at the start and end of each body and by a snapshot, never on
 * a reader's path.
 */
public final class SourceCounters {
  private final LongAdder networkBytes = new LongAdder();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failedRequests = new AtomicLong();
  private final AtomicLong superseded = new AtomicLong();
  private final AtomicLongArray retries = new AtomicLongArray(RetryCause.values().length);
  private final AtomicLong firstByteNanos = new AtomicLong(-1);
  private final AtomicLong firstByteTotalNanos = new AtomicLong();
  private final AtomicLong responses = new AtomicLong();
  private final Object clock = new Object();
  // Guarded by clock: bodies being received, since when, and the receiving time before that.
  private int receiving;
  private long receivingSince;
  private long receivedNanos;

  void request() {
    requests.incrementAndGet();
  }

  void failed() {
    failedRequests.incrementAndGet();
  }

  void supersede() {
    superseded.incrementAndGet();
  }

  void retry(IOException cause) {
    retries.incrementAndGet(RetryCauses.of(cause).ordinal());
  }

  void firstByte(long nanos) {
    firstByteNanos.compareAndSet(-1, nanos);
    firstByteTotalNanos.addAndGet(nanos);
    responses.incrementAndGet();
  }

  void received(long bytes) {
    networkBytes.add(bytes);
  }

  void bodyStarted() {
    synchronized (clock) {
      if (receiving++ == 0) receivingSince = System.nanoTime();
    }
  }

  void bodyEnded() {
    synchronized (clock) {
      if (--receiving == 0) receivedNanos += System.nanoTime() - receivingSince;
    }
  }

  public long networkBytes() {
    return networkBytes.sum();
  }

  public long requests() {
    return requests.get();
  }

  public long failedRequests() {
    return failedRequests.get();
  }

  public long superseded() {
    return superseded.get();
  }

  /** Retries of each cause, every cause present (0 for none). */
  public Map<RetryCause, Long> retries() {
    Map<RetryCause, Long> byCause = new EnumMap<>(RetryCause.class);
    for (RetryCause cause : RetryCause.values()) byCause.put(cause, retries.get(cause.ordinal()));
    return byCause;
  }

  /** The first response's time to first byte, or -1 before it. */
  public long firstByteNanos() {
    return firstByteNanos.get();
  }

  /** The sum over all responses of their time to first byte. */
  public long firstByteTotalNanos() {
    return firstByteTotalNanos.get();
  }

  public long responses() {
    return responses.get();
  }

  /** Nanoseconds during which at least one body was being received, up to now. */
  public long receivingNanos() {
    synchronized (clock) {
      return receivedNanos + (receiving > 0 ? System.nanoTime() - receivingSince : 0);
    }
  }
}
