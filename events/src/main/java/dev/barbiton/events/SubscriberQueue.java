package dev.barbiton.events;

import java.time.Clock;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subscriber's bounded, drop-oldest queue.
 *
 * <h2>Implementation note</h2>
 *
 * <p>Threads: any number of <em>publishers</em> call {@link #offer}; <em>takers</em> (pull
 * readers, or a push subscription's single drain task) call {@link #poll()}, {@link #poll(long)}
 * and {@link #take()}.
 *
 * <p>State: {@code queue} is a lock-free {@link ConcurrentLinkedQueue}; {@code size} counts its
 * elements (a publisher increments it after adding, a remover decrements it after removing, so
 * it may briefly lag the queue). {@code lock} guards every <em>removal</em> from {@code queue},
 * and the overflow bookkeeping {@code unreported} and {@code lastDroppedSequence}. Adding never
 * takes it.
 *
 * <p>Invariants: (1) once publishers are quiescent, {@code size <= capacity}: after adding, a
 * publisher whose {@code size} exceeds the capacity trims with {@code tryLock} (never waiting);
 * if that fails, the holder rechecks {@code size} after unlocking, so no excess is stranded.
 * (2) Dropping an event and counting it in {@code unreported} happen under the lock, atomically
 * with respect to takers; a taker returns the {@link BusEvent.Overflow} before any queued event
 * while {@code unreported > 0}, so the report lands exactly before the next event delivered.
 * (3) {@code unreported > 0} implies the queue is non-empty (a drop leaves {@code capacity >= 1}
 * events behind, and takers clear {@code unreported} before taking one), so "queue empty" means
 * "nothing to deliver".
 *
 * <p>Waiting: a blocked taker increments {@code waiters}, rechecks the queue, and waits on
 * {@code available}. A publisher reads {@code waiters} after adding and takes the lock to signal
 * only if it is non-zero, so publishing takes no lock while nobody waits. Both sides write one
 * volatile then read the other (Dekker), so either the taker sees the event or the publisher sees
 * the waiter. {@link #close()} always signals under the lock.
 *
 * <p>Happens-before: a publisher's {@code queue.offer(event)} happens-before the removal that
 * returns {@code event} (ConcurrentLinkedQueue's guarantee), so a taker sees the fully built
 * event.
 */
final class SubscriberQueue {
  private final String name;
  private final int capacity;
  private final Clock clock;
  private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicInteger waiters = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition available = lock.newCondition();
  private volatile boolean closed;

  /** Guarded by {@code lock}: drops not yet reported to the taker. */
  private long unreported;
  /** Guarded by {@code lock}: the sequence number of the most recently dropped event. */
  private long lastDroppedSequence;

  SubscriberQueue(String name, int capacity, Clock clock) {
    this.name = name;
    this.capacity = capacity;
    this.clock = clock;
  }

  /** Adds {@code event}, dropping the oldest if full. Never waits for a taker. */
  boolean offer(Event event) {
    if (closed) return false;
    queue.offer(event);
    if (size.incrementAndGet() > capacity) trim();
    if (waiters.get() > 0) {
      lock.lock(); // Held by takers only briefly, never while they run user code.
      try {
        available.signal();
      } finally {
        lock.unlock();
      }
    }
    return true;
  }

  /** Returns the next event or overflow report, or null if none. */
  Event poll() {
    Event result;
    lock.lock();
    try {
      result = nextLocked();
    } finally {
      lock.unlock();
    }
    trim();
    return result;
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
    boolean forever = nanos == Long.MAX_VALUE;
    lock.lockInterruptibly();
    try {
      while (true) {
        Event result = nextLocked();
        if (result != null) {
          if (waiters.get() > 0 && !queue.isEmpty()) available.signal(); // Pass the baton.
          return result;
        }
        if (closed) {
          if (untilClosed) throw new SubscriptionClosedException("subscription closed: " + name);
          return null;
        }
        if (!forever && nanos <= 0) return null;
        waiters.incrementAndGet();
        try {
          if (queue.isEmpty() && !closed) { // Recheck after announcing ourselves.
            if (forever) {
              available.await();
            } else {
              nanos = available.awaitNanos(nanos);
            }
          }
        } finally {
          waiters.decrementAndGet();
        }
      }
    } finally {
      lock.unlock();
      trim();
    }
  }

  /** Ends the queue: no more offers succeed and blocked takers wake. Returns false if already. */
  boolean close() {
    if (closed) return false;
    lock.lock();
    try {
      if (closed) return false;
      closed = true;
      available.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  boolean isClosed() {
    return closed;
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  int queued() {
    return Math.max(0, size.get());
  }

  long dropped() {
    return dropped.get();
  }

  /** Drops the oldest events while over capacity, if the lock is free; never waits. */
  private void trim() {
    while (size.get() > capacity && lock.tryLock()) {
      try {
        dropExcessLocked();
      } finally {
        lock.unlock();
      }
    }
  }

  private void dropExcessLocked() {
    while (size.get() > capacity) {
      Event oldest = queue.poll();
      if (oldest == null) return; // Unreachable while size counts only added events.
      size.decrementAndGet();
      unreported++;
      lastDroppedSequence = oldest.sequence();
      dropped.incrementAndGet();
    }
  }

  private Event nextLocked() {
    dropExcessLocked(); // A publisher's tryLock may have failed because we hold the lock.
    if (unreported > 0) {
      EventMeta meta = new EventMeta(lastDroppedSequence, clock.instant(), name);
      Event overflow = new BusEvent.Overflow(meta, name, unreported);
      unreported = 0;
      return overflow;
    }
    Event next = queue.poll();
    if (next != null) size.decrementAndGet();
    return next;
  }

  @Override
  public String toString() {
    return "SubscriberQueue{" + name + ", queued=" + queued() + "/" + capacity
        + ", dropped=" + dropped() + (closed ? ", closed}" : "}");
  }
}
