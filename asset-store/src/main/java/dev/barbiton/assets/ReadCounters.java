package dev.barbiton.assets;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counts of the reads of one or more handles: how many copied bytes, how many of those had to
 * wait for the bytes to arrive first (rebuffering), and how long readers waited. A store counts
 * every read of every handle in its own ({@link AssetStore#metrics()}); {@link
 * AssetStore#newReadCounters()} makes counters for a group of handles (a file source and its
 * channels), and a handle acquired with them ({@link AssetStore#acquire(ResourceKey,
 * ReadCounters)}) counts each read there and in the store's.
 *
 * <p>What counts:
 *
 * <ul>
 *   <li>a <b>read</b> is a call of a handle's {@code readAt} that copied at least one byte; an end
 *       of stream, an empty destination and a read that failed are none;
 *   <li>a read <b>waited</b> when its first byte was not cached when it looked and it blocked
 *       until the byte arrived; it counts once, when it returns bytes, however many times it woke;
 *   <li><b>wait time</b> is the time readers spent blocked for bytes ({@code readAt} and {@link
 *       AssetResource#waitFor}), every wait, including those that ended in a timeout, a failure or
 *       a close (so a server that waits in slices adds each slice); a wait still in progress adds
 *       its time when it ends, and shows meanwhile in {@link #waitingNow()}. Waits of zero timeout
 *       (a look without waiting) are no wait.
 * </ul>
 *
 * <p>Thread-safe and cheap: the read path adds to two {@link LongAdder}s per counters object, with
 * no lock and no allocation (a {@code LongAdder} allocates its cells once, the first time threads
 * contend); waits are counted on the slow path only. The getters sum the adders: each is exact
 * for reads that returned before it was called, and they are not one atomic snapshot together.
 */
public final class ReadCounters {
  private static final ReadCounters UNCOUNTED = new ReadCounters(null, false);

  /** The store's counters, which every read counts in too; null for the store's own. */
  private final ReadCounters parent;
  private final boolean counting;
  private final LongAdder reads = new LongAdder();
  private final LongAdder bytesRead = new LongAdder();
  private final LongAdder waitedReads = new LongAdder();
  private final LongAdder waitNanos = new LongAdder();
  private final AtomicInteger waitingNow = new AtomicInteger();

  ReadCounters(ReadCounters parent) {
    this(parent, true);
  }

  private ReadCounters(ReadCounters parent, boolean counting) {
    this.parent = parent;
    this.counting = counting;
  }

  /**
   * Counters for a handle whose reads count nowhere, not even in the store's totals: for a
   * library's own look at cached bytes (sniffing, indexing) that no reader asked for. Always zero.
   */
  public static ReadCounters uncounted() {
    return UNCOUNTED;
  }

  /** Reads that copied bytes. */
  public long reads() {
    return reads.sum();
  }

  /** Bytes those reads copied. */
  public long bytesRead() {
    return bytesRead.sum();
  }

  /** Reads that had to wait for their first byte to arrive (rebuffering events). */
  public long waitedReads() {
    return waitedReads.sum();
  }

  /** Nanoseconds readers spent blocked for bytes, every wait that has ended (see the class). */
  public long waitNanos() {
    return waitNanos.sum();
  }

  /** Readers blocked for bytes right now. */
  public int waitingNow() {
    return waitingNow.get();
  }

  /** Whether these counters belong to {@code store}: its own, or made by it. */
  boolean belongsTo(ReadCounters storeCounters) {
    return this == storeCounters || parent == storeCounters || this == UNCOUNTED;
  }

  void read(int bytes, boolean waited) {
    if (!counting) return;
    reads.increment();
    bytesRead.add(bytes);
    if (waited) waitedReads.increment();
    if (parent != null) parent.read(bytes, waited);
  }

  void waitStarted() {
    if (!counting) return;
    waitingNow.incrementAndGet();
    if (parent != null) parent.waitStarted();
  }

  void waitEnded(long nanos) {
    if (!counting) return;
    waitingNow.decrementAndGet();
    waitNanos.add(nanos);
    if (parent != null) parent.waitEnded(nanos);
  }
}
