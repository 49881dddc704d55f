package dev.barbiton.assets;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The readers of one resource that wait: for bytes, for the length, or for the writer to go; and
 * the positions they wait at, which the writer's demand listener is told of.
 *
 * <p>No lost wake-up, no lock on a write nobody waits for: a waiter increments {@link #waiters},
 * then rechecks the view under {@link #lock} and awaits {@link #changed}; a changer replaces the
 * view, then reads {@code waiters} and takes the lock to signal only when it is non-zero. Each
 * side writes one volatile and then reads the other's, so at least one of them sees the other.
 *
 * <p>{@link #lock} guards only the condition. The demand listener runs on the waiting reader's
 * thread before it takes the lock.
 */
final class ReaderWaits {
  private static final Logger log = LoggerFactory.getLogger(ReaderWaits.class);

  private final ResourceKey key;
  private final AtomicReference<ResourceView> view;
  private final AtomicInteger waiters = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** Positions blocked readers wait for, newest first; touched only on the slow path. */
  private final ConcurrentLinkedDeque<Long> demands = new ConcurrentLinkedDeque<>();
  private volatile LongConsumer demandListener;

  ReaderWaits(ResourceKey key, AtomicReference<ResourceView> view) {
    this.key = key;
    this.view = view;
  }

  /**
   * Waits until {@code len} bytes at {@code pos} are readable (fewer when the known length ends
   * sooner). Returns the bytes readable from {@code pos}, or -1 when {@code pos} is at or after a
   * known length. timeoutNanos < 0 waits forever.
   */
  long awaitBytes(long pos, long len, long timeoutNanos, BooleanSupplier handleClosed, ReadCounters counters)
      throws IOException {
    long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
    Long demand = pos; // equal positions are interchangeable: one entry per waiting read
    demands.addFirst(demand);
    announceDemand(pos);
    waiters.incrementAndGet();
    long waitStart = timeoutNanos == 0 ? 0 : System.nanoTime(); // a zero timeout only looks: no wait
    if (timeoutNanos != 0) counters.waitStarted();
    lock.lock();
    try {
      for (;;) {
        ResourceView v = view.get();
        long ready = readyFor(v, pos, len);
        if (ready != 0) return ready;
        if (v.failure() != null) throw new ResourceFailedException(key, v.failure());
        checkOpen(v, handleClosed);
        long remaining = timeoutNanos < 0 ? TimeUnit.DAYS.toNanos(1) : deadline - System.nanoTime();
        if (remaining <= 0) throw ResourceTimeoutException.forByte(key, pos, Duration.ofNanos(timeoutNanos));
        changed.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      throw interrupted("byte " + pos, e);
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
      demands.removeFirstOccurrence(demand);
      if (timeoutNanos != 0) counters.waitEnded(System.nanoTime() - waitStart);
    }
  }

  /** Waits until the length is known and returns it; failure, close and timeout as above. */
  long awaitLength(long timeoutNanos, BooleanSupplier handleClosed) throws IOException {
    long known = view.get().length();
    if (known >= 0) return known;
    long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
    waiters.incrementAndGet();
    lock.lock();
    try {
      for (;;) {
        ResourceView v = view.get();
        if (v.length() >= 0) return v.length();
        if (v.failure() != null) throw new ResourceFailedException(key, v.failure());
        checkOpen(v, handleClosed);
        long remaining = timeoutNanos < 0 ? TimeUnit.DAYS.toNanos(1) : deadline - System.nanoTime();
        if (remaining <= 0) throw ResourceTimeoutException.forLength(key, Duration.ofNanos(timeoutNanos));
        changed.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      throw interrupted("the length", e);
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
  }

  /** Waits until {@code noWriter} holds or the resource is committed; false on timeout. */
  boolean awaitNoWriter(BooleanSupplier noWriter, long timeoutNanos, BooleanSupplier handleClosed) throws IOException {
    long deadline = System.nanoTime() + timeoutNanos;
    waiters.incrementAndGet();
    lock.lock();
    try {
      for (;;) {
        ResourceView v = view.get();
        if (noWriter.getAsBoolean() || v.committed()) return true;
        checkOpen(v, handleClosed);
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) return false;
        changed.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      throw interrupted("the writer", e);
    } finally {
      lock.unlock();
      waiters.decrementAndGet();
    }
  }

  /**
   * Bytes readable from pos if enough to satisfy the wait; -1 at or past a known length, committed
   * or not (the length is final once known: a consumer reading to the end must not wait for the
   * download to finish); 0 to wait.
   */
  static long readyFor(ResourceView v, long pos, long len) {
    if (v.length() >= 0 && pos >= v.length()) return -1;
    long wanted = v.length() >= 0 ? Math.min(len, v.length() - pos) : len;
    long available = v.readable().contiguousFrom(pos);
    return wanted > 0 && available >= wanted ? available : 0;
  }

  /** Wakes every waiting reader so it looks at the view again; free when nobody waits. */
  void signalAll() {
    if (waiters.get() == 0) return;
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void setDemandListener(LongConsumer listener) {
    demandListener = listener;
  }

  /** Positions readers wait for now, the most recent first. */
  long[] waitingPositions() {
    return demands.stream().mapToLong(Long::longValue).toArray();
  }

  /** Tells the writer's demand listener, if any, that a reader now waits at {@code pos}. */
  private void announceDemand(long pos) {
    LongConsumer listener = demandListener;
    if (listener == null) return;
    try {
      listener.accept(pos);
    } catch (RuntimeException e) {
      log.warn("demand listener of {} threw; ignored", key.redacted(), e);
    }
  }

  private void checkOpen(ResourceView v, BooleanSupplier handleClosed) throws ResourceClosedException {
    if (v.closed()) throw new ResourceClosedException(key, "store");
    if (handleClosed.getAsBoolean()) throw new ResourceClosedException(key, "handle");
  }

  private InterruptedIOException interrupted(String what, InterruptedException e) {
    Thread.currentThread().interrupt();
    InterruptedIOException ie = new InterruptedIOException("interrupted waiting for " + what + " of " + key.redacted());
    ie.initCause(e);
    return ie;
  }
}
