package dev.barbiton.events;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * One subscriber's bounded, drop-oldest queue: an {@link EventRing} that publishers write
 * without waiting, the {@link BusEvent.Overflow} reports, and how readers wait.
 *
 * <h2>Implementation note</h2>
 *
 * <p><b>Threads.</b> Any number of <em>publishers</em> call {@link #offer}; any number of
 * <em>readers</em> (pull subscribers, or a push subscription's one drain task) call {@link
 * #poll()}, {@link #poll(long)} and {@link #take()}.
 *
 * <p><b>The publish path</b> is {@link EventRing#offer} (a CAS on a slot, an ordered store to
 * the ring's head), then one volatile read of {@link Waiters#wakeAt()}, and only when a parked
 * reader waits for that position, one {@code LockSupport.unpark} per parked reader. It takes no
 * lock, never waits, and runs no user code.
 *
 * <p><b>The read lock</b> ({@link EventRing#lockReader()}) serializes readers and guards the
 * ring's reader fields, {@code pending} and the loss not yet reported. A reader holds it only
 * for a few reads and writes of the ring: never while it waits, and never while the {@link
 * Clock} or any other user code runs.
 *
 * <p><b>Overflow.</b> Invariant: a loss is reported before any event that follows it, with its
 * exact count. {@link EventRing#next} counts a loss only on its way to the event after it; the
 * reader then moves the count out of {@code unreported} and stores that event in {@code
 * pending}, under the lock, and builds the {@link BusEvent.Overflow} (reading the clock) after
 * releasing it. A read returns an unreported loss first, then {@code pending}, then the ring.
 * If the clock throws, the count goes back to {@code unreported} before the exception leaves.
 *
 * <p><b>Waiting</b> has three stages, each entered only if the one before found nothing: spin
 * up to {@link #SPIN_NANOS} for a batch; park until a batch has been written or {@link
 * #LINGER_NANOS} passed; park until the next event. Any stage also ends on close, and the parks
 * on the caller's deadline or an interrupt. A parked reader registers with {@link Waiters}
 * before rechecking, so no wake-up is lost (see there), and {@link #close()} wakes every one.
 *
 * <p><b>Happens-before.</b> The ring's slot CAS and volatile read order a publisher's event
 * construction before its delivery; the read lock orders one reader's updates before the next
 * reader's; {@code pending} is volatile for the lock-free {@link #isEmpty()}.
 */
final class SubscriberQueue {
  /**
   * How long a reader that has caught up spins before parking. Parking and being woken costs a
   * publisher one unpark (about 5 µs of a system call on a virtual machine, more when the
   * reader's CPU sleeps) and the reader more; a publisher running on another core writes dozens
   * of events in this time. A few microseconds, so an idle reader burns almost nothing.
   */
  static final long SPIN_NANOS = 5_000;

  /**
   * The most events a reader waits for once it has caught up, so that a publisher pays one
   * unpark per batch rather than per event. Capped at a quarter of the capacity, which leaves
   * three quarters of the ring for the events written while the reader wakes up.
   */
  static final int BATCH = 256;

  /**
   * How long a reader parked for a batch waits before taking what has come: the most a burst's
   * last events wait for a reader. Long enough for a steady publisher (2.5 million events a
   * second) to fill a batch and wake it, short next to anything a person perceives.
   */
  static final long LINGER_NANOS = 100_000;

  private final String name;
  private final Clock clock;
  private final EventRing ring;
  private final Waiters waiters = new Waiters();
  /** How far past the cursor a batch ends: {@code min(BATCH, capacity / 4) - 1}, at least 0. */
  private final int batchAhead;

  SubscriberQueue(String name, int capacity, Clock clock) {
    this.name = name;
    this.clock = clock;
    this.ring = new EventRing(capacity);
    this.batchAhead = Math.max(1, Math.min(BATCH, capacity / 4)) - 1;
  }

  /** Adds {@code event}, dropping the oldest if full. Never waits; false once closed. */
  boolean offer(Event event) {
    if (ring.isClosed()) return false;
    if (ring.offer(event) >= waiters.wakeAt()) waiters.wake();
    return true;
  }

  /** Returns the next event or overflow report, or null if none. */
  Event poll() {
    EventRing ring = this.ring;
    long lost;
    long lastLostSequence;
    ring.lockReader();
    try {
      lost = ring.unreported;
      if (lost == 0) {
        Event next = ring.pending;
        if (next != null) {
          ring.pending = null;
          return next;
        }
        next = ring.next();
        lost = ring.unreported;
        if (lost == 0) return next;
        ring.pending = next; // Not null: next() counts a loss only on its way to an event.
      }
      lastLostSequence = ring.lastLostSequence;
      ring.unreported = 0;
    } finally {
      ring.unlockReader();
    }
    return overflow(lost, lastLostSequence); // Outside the lock: the clock is user code.
  }

  private Event overflow(long lost, long lastLostSequence) {
    Instant now;
    try {
      now = clock.instant();
    } catch (RuntimeException | Error e) {
      ring.lockReader();
      try {
        if (ring.unreported == 0) ring.lastLostSequence = lastLostSequence;
        ring.unreported += lost; // Reported by the next read instead.
      } finally {
        ring.unlockReader();
      }
      throw e;
    }
    return new BusEvent.Overflow(new EventMeta(lastLostSequence, now, name), name, lost);
  }

  /**
   * Waits up to {@code timeoutNanos} for the next event; returns null on timeout or once closed
   * and drained.
   */
  Event poll(long timeoutNanos) throws InterruptedException {
    return await(timeoutNanos, false);
  }

  /** Waits for the next event; throws {@link SubscriptionClosedException} once closed and drained. */
  Event take() throws InterruptedException {
    return await(Long.MAX_VALUE, true);
  }

  private Event await(long nanos, boolean untilClosed) throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    Event result = poll();
    if (result != null) return result; // The common case: no clock read, no wait.
    boolean timed = nanos != Long.MAX_VALUE;
    long deadline = timed ? System.nanoTime() + nanos : 0;
    for (int stage = 0; ; stage = Math.min(stage + 1, 2)) {
      if (ring.isClosed()) {
        result = poll(); // Whatever was written before the close.
        if (result != null) return result;
        if (untilClosed) throw new SubscriptionClosedException("subscription closed: " + name);
        return null;
      }
      if (timed && deadline - System.nanoTime() <= 0) return null;
      if (stage == 0) {
        spin(timed, deadline);
      } else if (stage == 1) {
        long until = System.nanoTime() + LINGER_NANOS;
        park(ring.cursor + batchAhead, true, timed && deadline - until < 0 ? deadline : until);
      } else {
        park(ring.cursor, timed, deadline);
      }
      result = poll();
      if (result != null) return result;
    }
  }

  /**
   * Spins up to {@link #SPIN_NANOS} (or to the deadline) until a batch is written or the queue
   * closes. It watches the batch's last slot, not the next one, so that it does not pull each
   * slot's cache line from the publisher the moment it is written.
   */
  private void spin(boolean timed, long deadline) {
    long end = System.nanoTime() + SPIN_NANOS;
    if (timed && deadline - end < 0) end = deadline;
    long batchEnd = ring.cursor + batchAhead;
    do {
      for (int i = 0; i < 16; i++) {
        if (ring.written(batchEnd) || ring.isClosed()) return;
      }
    } while (System.nanoTime() - end < 0);
  }

  /**
   * Parks until {@code threshold} is written, the queue closes, {@code until} passes (if {@code
   * timed}) or a publisher wakes it (perhaps for an earlier position another wait asked for).
   */
  private void park(long threshold, boolean timed, long until) throws InterruptedException {
    Waiters.Node node = waiters.register(threshold);
    try {
      // Recheck after registering: a publisher that wrote before it may not have seen us.
      while (!node.get() && !ring.written(threshold) && !ring.isClosed()) {
        if (timed) {
          long remaining = until - System.nanoTime();
          if (remaining <= 0) return;
          LockSupport.parkNanos(this, remaining);
        } else {
          LockSupport.park(this);
        }
        if (Thread.interrupted()) throw new InterruptedException();
      }
    } finally {
      waiters.leave(node);
    }
  }

  /** Ends the queue: no more offers succeed and parked readers wake. False if already closed. */
  boolean close() {
    if (!ring.close()) return false;
    waiters.wake();
    return true;
  }

  boolean isClosed() {
    return ring.isClosed();
  }

  /** True if a read would find nothing. Lock-free; exact when no publish or read is running. */
  boolean isEmpty() {
    return ring.pending == null && !ring.readable();
  }

  int queued() {
    return ring.held() + (ring.pending != null ? 1 : 0);
  }

  long dropped() {
    return ring.lost();
  }

  /** Readers registered to be woken (parked, or about to park or leave). */
  int parkedReaders() {
    return waiters.registered();
  }

  @Override
  public String toString() {
    return "SubscriberQueue{" + name + ", queued=" + queued() + "/" + ring.capacity
        + ", dropped=" + dropped() + (ring.isClosed() ? ", closed}" : "}");
  }
}
