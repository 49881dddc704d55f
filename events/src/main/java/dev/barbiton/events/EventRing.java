package dev.barbiton.events;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * One subscriber's bounded, lossy, multi-publisher ring of events: a full ring overwrites its
 * oldest event, and the reader counts exactly what it lost.
 *
 * <h2>Implementation note</h2>
 *
 * <p><b>Terms.</b> Every event offered gets a <em>position</em> 0, 1, 2, ... in the order the
 * ring accepts them; position {@code p} lives in slot {@code p mod capacity}. {@code W} is the
 * number of positions written. The ring <em>holds</em> positions {@code [W - capacity, W)}; an
 * older position not yet taken is <em>lost</em>.
 *
 * <p><b>Threads.</b> Any number of publishers call {@link #offer}; nothing there waits or locks.
 * Readers call {@link #next} holding the <em>read lock</em> ({@link #lockReader}), which guards
 * the reader fields ({@code cursor}: the next position to deliver or count lost; the loss
 * counters; {@code pending}, used by {@link SubscriberQueue}). Publishers never touch it, and
 * its holders never wait or run user code while holding it.
 *
 * <p><b>Writing.</b> A slot holds null (never written) or an immutable {@link Node}: position,
 * event, the event's bus sequence, and the sequence of the event it displaced. A publisher
 * reads {@code h = head} and slot {@code h}'s node: if that node is at a position {@code y >= h}
 * (written already, {@code head} is stale), it moves {@code head} from {@code h} to {@code y + 1}
 * by CAS and retries; otherwise it writes position {@code h} by one CAS of the slot from the
 * node it read to its own. That CAS is both the claim and the write: a position is never claimed
 * and left unwritten, so neither a reader nor another publisher ever waits for a descheduled
 * publisher. Lock-free: a failed CAS means another publisher's succeeded.
 *
 * <p><b>Head</b> is a hint: after its slot CAS the writer of {@code h} stores {@code h + 1} with
 * an ordered store if {@code head} still reads {@code h} (a second CAS per event cost a tenth of
 * the throughput). If a helper moved it on in between, the store moves it back; the next
 * publisher helps it forward again. Nothing is claimed through {@code head}, so this costs time,
 * never correctness.
 *
 * <p><b>Invariants.</b> (1) {@code head <= W}, and the written positions are exactly {@code [0,
 * W)}: a slot CAS for {@code h} succeeds only while the slot holds a position below {@code h},
 * so {@code h} is not written ({@code h >= W}), and {@code h} was read from {@code head}
 * ({@code h <= W}): each write is of position {@code W}. {@code head} is only ever set to a
 * written position plus one. (2)
 * Hence each slot holds the newest written position of its residue, and a node at position
 * {@code y >= capacity} displaced exactly position {@code y - capacity}. (3) Position {@code x <
 * W} is held iff its slot's node is at {@code x}, and lost (if not taken) iff {@code x +
 * capacity} is written.
 *
 * <p><b>Reading.</b> At {@code cursor = r} the reader reads slot {@code r}: null or an older
 * position means {@code r} is not written (nor, by 1, anything after it); position {@code r} is
 * delivered; a newer position means the reader was lapped. Then it picks {@code last = max(r,
 * head - capacity - 1)}, lost by 3 ({@code last + capacity < head <= W}), and reads its slot's
 * node {@code z}, at a position {@code >= last + capacity}: every position up to {@code z -
 * capacity} is lost, so it counts {@code [r, z - capacity]} lost in one step, takes the last lost
 * event's sequence from {@code z}'s displaced sequence (by 2), and goes on at {@code z - capacity
 * + 1}, which is written. So each position is delivered once or counted lost once, never both,
 * in position order, and a loss is counted on the way to the event after it.
 *
 * <p><b>Chasing.</b> Under a publisher faster than the reader, the oldest held position is the
 * one overwritten next, so a reader landing there can be lapped again before it reads, and
 * again (a livelock that starves the reader while the publisher runs). So a reader lapped a
 * second time within one {@link #next} lands {@link #LEAD} slots (at most half the ring) past
 * the oldest held position, skipping those few events a moment before the publishers would
 * overwrite them and counting them like any other loss. Without a concurrent publisher the
 * second lap cannot happen, so a quiescent ring loses exactly the events beyond its capacity.
 *
 * <p><b>Memory.</b> A slot keeps its event until overwritten, taken or not: a subscription
 * holds at most {@code capacity} events. {@link RingLayout} keeps {@code head}, the reader
 * fields and the read-mostly configuration on separate cache lines.
 *
 * <p><b>Happens-before.</b> A publisher builds its event and node before the slot CAS (a
 * volatile write); the reader's volatile read of the slot that returns the node makes the node's
 * fields and the event visible. A node's plain fields are written only before the CAS that
 * publishes it (a failed CAS published nothing, so the node is reused). The read lock (a CAS to
 * take, an ordered store to release) orders one reader's updates before the next reader's.
 */
final class EventRing extends RingLayout.Pad3 {
  /** The most a chasing reader skips beyond what was overwritten: a few cache lines of slots. */
  static final int LEAD = 64;

  private static final AtomicLongFieldUpdater<RingLayout.Head> HEAD =
      AtomicLongFieldUpdater.newUpdater(RingLayout.Head.class, "head");
  private static final AtomicLongFieldUpdater<RingLayout.Reader> CURSOR =
      AtomicLongFieldUpdater.newUpdater(RingLayout.Reader.class, "cursor");
  private static final AtomicIntegerFieldUpdater<RingLayout.Config> CLOSED =
      AtomicIntegerFieldUpdater.newUpdater(RingLayout.Config.class, "closed");
  private static final AtomicIntegerFieldUpdater<RingLayout.Reader> READ_LOCK =
      AtomicIntegerFieldUpdater.newUpdater(RingLayout.Reader.class, "readLock");

  /** An immutable slot value once published; see the class note. */
  static final class Node {
    final Event event;
    final long sequence;
    long position;
    long displacedSequence;

    Node(Event event) {
      this.event = event;
      this.sequence = event.sequence();
    }
  }

  /** How far past the oldest held position a reader lapped twice in a row lands. */
  private final int lead;

  EventRing(int capacity) {
    super(capacity);
    this.lead = Math.min(LEAD, capacity / 2);
  }

  private int slot(long position) {
    return SLOT_PAD + (mask >= 0 ? (int) (position & mask) : (int) (position % capacity));
  }

  /**
   * Writes {@code event} at the next position, displacing the oldest if full, and returns that
   * position. Never waits.
   */
  long offer(Event event) {
    Node node = new Node(event);
    while (true) {
      long h = head;
      int i = slot(h);
      Node old = slots.get(i);
      if (old != null && old.position >= h) { // Written already: move head past it, retry.
        HEAD.compareAndSet(this, h, old.position + 1);
        continue;
      }
      node.position = h;
      node.displacedSequence = old == null ? 0 : old.sequence;
      if (slots.compareAndSet(i, old, node)) {
        // An ordered store, not a CAS: head is a hint (see "Head"); the slot CAS was the claim.
        if (head == h) HEAD.lazySet(this, h + 1);
        return h;
      }
    }
  }

  boolean isClosed() {
    return closed != 0;
  }

  /** Marks the ring closed; true for the one call that did. */
  boolean close() {
    return CLOSED.compareAndSet(this, 0, 1);
  }

  /**
   * Takes the read lock, which serializes readers. Its holders never wait or run user code, so a
   * contender only spins while another reader does a few reads and writes, and yields to let a
   * descheduled holder finish.
   */
  void lockReader() {
    for (int tries = 0; !READ_LOCK.compareAndSet(this, 0, 1); tries++) {
      if (tries >= 64) Thread.yield();
    }
  }

  /** Releases the read lock: an ordered store, so the next holder sees this holder's writes. */
  void unlockReader() {
    READ_LOCK.lazySet(this, 0);
  }

  /**
   * With the read lock: returns the next event, or null if none is written yet. Positions skipped
   * because they were lost are added to {@code unreported}.
   */
  Event next() {
    long r = cursor;
    boolean chasing = false;
    while (true) {
      Node node = slots.get(slot(r));
      if (node == null || node.position < r) return null;
      if (node.position == r) {
        CURSOR.lazySet(this, r + 1);
        return node.event;
      }
      long last = Math.max(r, head - capacity - 1 + (chasing ? lead : 0));
      Node at = slots.get(slot(last));
      long through;
      if (at.position == last) { // Still held (we are chasing): lost because we skip it.
        through = last;
        lastLostSequence = at.sequence;
      } else { // at.position >= last + capacity: every position up to its predecessor is lost.
        through = at.position - capacity;
        lastLostSequence = at.displacedSequence;
      }
      long lost = through + 1 - r;
      unreported += lost;
      r = through + 1;
      cursor = r; // Before lostCounted: lost() may lag, never count a loss twice.
      lostCounted += lost;
      chasing = true;
    }
  }

  /** True if an event is written at the cursor (or the reader was lapped): next() has work. */
  boolean readable() {
    return written(cursor);
  }

  /** True if {@code position} is written (so are all before it), whether held or lost. */
  boolean written(long position) {
    Node node = slots.get(slot(position));
    return node != null && node.position >= position;
  }

  /** The number of positions written (W): {@code head}, walked past the slots written beyond it. */
  private long writtenCount() {
    long w = head;
    for (Node node; (node = slots.get(slot(w))) != null && node.position >= w; ) {
      w = node.position + 1;
    }
    return w;
  }

  /** Events held and not yet taken: exact when no publish or read is in progress. */
  int held() {
    return (int) Math.max(0, Math.min(capacity, writtenCount() - cursor));
  }

  /** Events lost so far, counted or not yet reached by the reader. */
  long lost() {
    long counted = lostCounted; // First: a new count implies the cursor moved past it.
    return counted + Math.max(0, writtenCount() - capacity - cursor);
  }
}
