package dev.barbiton.events;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The readers parked on one queue, and how a publisher wakes them without a lock.
 *
 * <h2>Implementation note</h2>
 *
 * <p><b>State.</b> {@code parked} is an immutable array of {@link Node}s, one per wait in
 * progress, replaced by compare-and-set (copy on write) when a reader registers or leaves; only
 * readers change it. {@code wakeAt} is the lowest ring position some registered wait waits for,
 * or {@link Long#MAX_VALUE}; a registering reader only lowers it (CAS), and only {@link #wake()}
 * raises it, to {@code MAX_VALUE}, before waking every node it then finds.
 *
 * <p><b>The publisher's cost.</b> After writing position {@code p} a publisher reads {@code
 * wakeAt} (one volatile read) and calls {@link #wake()} only if {@code p >= wakeAt}: a reader
 * parked until a batch fills costs the publishers of the batch's other events nothing more.
 *
 * <p><b>No lost wake-up.</b> A reader (1) adds its node, (2) lowers {@code wakeAt} to at most its
 * threshold, (3) rechecks the ring and the close flag, then parks. A publisher writes its
 * position, then reads {@code wakeAt}; {@link #wake()} writes {@code MAX_VALUE}, then reads
 * {@code parked}. All of these are volatile, so they fall in one order. If the reader's recheck
 * missed the write, the publisher's read of {@code wakeAt} comes after (2): it sees the reader's
 * value, or a lower one (another reader's), or {@code MAX_VALUE} written after (2) by a waker
 * whose read of {@code parked} then comes after (1) and wakes the node. A value left by a reader
 * that has since gone costs one spurious {@link #wake()}, never a missed one. Close sets the
 * ring's flag before {@link #wake()} and readers recheck it at (3) in the same way.
 *
 * <p>Each node is unparked at most once (its flag's CAS); an unpark that lands after its
 * reader left only makes that thread's next park return early, which every park loop allows.
 */
final class Waiters {
  private static final Node[] NONE = {};
  private static final AtomicLongFieldUpdater<Waiters> WAKE_AT =
      AtomicLongFieldUpdater.newUpdater(Waiters.class, "wakeAt");

  /** One wait: its thread, and true once a publisher or the close has claimed its unpark. */
  static final class Node extends AtomicBoolean {
    private static final long serialVersionUID = 1L;
    final transient Thread thread = Thread.currentThread();
  }

  private final AtomicReference<Node[]> parked = new AtomicReference<>(NONE);
  private volatile long wakeAt = Long.MAX_VALUE;

  /** The lowest position a wait waits for; a publisher of that position or later calls wake. */
  long wakeAt() {
    return wakeAt;
  }

  /**
   * Registers the calling thread to be woken once {@code threshold} is written. The caller
   * then rechecks its condition, parks while the node is not woken, and calls {@link #leave}.
   */
  Node register(long threshold) {
    Node node = new Node();
    while (true) {
      Node[] current = parked.get();
      Node[] next = new Node[current.length + 1];
      System.arraycopy(current, 0, next, 0, current.length);
      next[current.length] = node;
      if (parked.compareAndSet(current, next)) break;
    }
    for (long at; (at = wakeAt) > threshold; ) {
      if (WAKE_AT.compareAndSet(this, at, threshold)) break;
    }
    return node;
  }

  /** Ends the wait of {@code node}. Leaves {@code wakeAt} alone (see the class note). */
  void leave(Node node) {
    while (true) {
      Node[] current = parked.get();
      int index = -1;
      for (int i = 0; i < current.length; i++) {
        if (current[i] == node) index = i;
      }
      if (index < 0) return;
      Node[] next = current.length == 1 ? NONE : new Node[current.length - 1];
      System.arraycopy(current, 0, next, 0, index);
      System.arraycopy(current, index + 1, next, index, current.length - index - 1);
      if (parked.compareAndSet(current, next)) return;
    }
  }

  /** The waits registered and not yet left. */
  int registered() {
    return parked.get().length;
  }

  /** Wakes every registered wait; they recheck, and register again if they must wait on. */
  void wake() {
    wakeAt = Long.MAX_VALUE;
    for (Node node : parked.get()) {
      if (!node.get() && node.compareAndSet(false, true)) LockSupport.unpark(node.thread);
    }
  }
}
