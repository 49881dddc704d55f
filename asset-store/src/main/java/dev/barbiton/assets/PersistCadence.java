package dev.barbiton.assets;

import java.util.concurrent.atomic.AtomicLong;

/**
 * When a resource's writes are persisted, on two cadences.
 *
 * <p>The <em>index</em> cadence (every {@code indexBytes} written, or the first write after {@code
 * indexInterval}; 256 KiB or 200 ms by default) writes the index without forcing anything: it
 * costs a small file written to the page cache and a rename. A killed process loses nothing the
 * kernel accepted, so after a crash the store claims all but the bytes written since the last
 * index. The <em>force</em> cadence ({@code flushBytes} or {@code flushInterval}; 8 MiB or 2 s)
 * forces the data, then writes and forces the index: after a power loss, what the last forced
 * index claims is on disk. An index written in between may claim bytes a power loss took; their
 * block checksums catch them when they are read.
 *
 * <p>What bounds the index cadence's cost: it writes at most every {@link #MIN_INDEX_GAP_NANOS}
 * (20 ms; an unforced index costs 0.1 to 0.5 ms of the writer's thread), so a fast download
 * writes at most 50 small files a second, not one per 256 KiB; and
 * since an index holds 4 bytes of checksum per 64 KiB block, it waits for at least 16 times the
 * index's own size in new bytes, so a very large resource's index never costs more than a small
 * part of what is written. A crash then costs at most the larger of 256 KiB and what arrives in
 * 20 ms.
 *
 * <p>Threads: {@link #afterWrite} runs on writer threads (two may write at once), the others under
 * the resource's flush lock. Counts reset after a flush may miss a concurrent write's bytes: they
 * only delay the next flush a little.
 */
final class PersistCadence {
  /** What a write made due. */
  enum Due { NONE, INDEX, FORCE }

  private static final int INDEX_SIZE_FACTOR = 16;
  static final long MIN_INDEX_GAP_NANOS = 20_000_000;

  private final StoreConfig config;
  private final AtomicLong unindexed = new AtomicLong();
  private final AtomicLong unforced = new AtomicLong();
  private volatile long lastIndexNanos = System.nanoTime();
  private volatile long lastForceNanos = lastIndexNanos;
  private volatile long minIndexBytes;

  PersistCadence(StoreConfig config) {
    this.config = config;
  }

  /** Counts {@code n} bytes just written and says what they made due. */
  Due afterWrite(long n) {
    long now = System.nanoTime();
    if (unforced.addAndGet(n) >= config.flushBytes() || now - lastForceNanos >= config.flushIntervalNanos()) {
      unindexed.addAndGet(n);
      return Due.FORCE;
    }
    long pending = unindexed.addAndGet(n);
    long sinceIndex = now - lastIndexNanos;
    if (pending < minIndexBytes || sinceIndex < Math.min(MIN_INDEX_GAP_NANOS, config.indexIntervalNanos())) return Due.NONE;
    if (pending >= config.indexBytes() || sinceIndex >= config.indexIntervalNanos()) return Due.INDEX;
    return Due.NONE;
  }

  /** Whether bytes were written since the last index. */
  boolean pending() {
    return unindexed.get() > 0;
  }

  /** An index of {@code indexBytes} bytes was written; {@code forced} if data and index were forced. */
  void persisted(boolean forced, int indexBytes) {
    long now = System.nanoTime();
    unindexed.set(0);
    lastIndexNanos = now;
    minIndexBytes = (long) indexBytes * INDEX_SIZE_FACTOR;
    if (forced) {
      unforced.set(0);
      lastForceNanos = now;
    }
  }
}
