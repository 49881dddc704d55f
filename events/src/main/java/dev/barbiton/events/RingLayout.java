package dev.barbiton.events;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The memory layout of an {@link EventRing}: fields grouped by the threads that write them, each
 * group on cache lines of its own, so that a reader advancing its cursor does not slow every
 * publisher (and the reverse) by false sharing. A JVM lays out a superclass's fields before a
 * subclass's, so each group is a class in a chain with 64 bytes of padding between groups. (Java
 * 8+ offers {@code @Contended} only inside the JDK; Android has no equivalent.)
 *
 * <p>Order: padding, read-mostly configuration, padding, the publishers' {@code head}, padding,
 * the reader's fields, padding.
 */
final class RingLayout {
  private RingLayout() {}

  abstract static class Pad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07;
  }

  /** Read by every publisher and reader; {@code closed} goes from 0 to 1 once. */
  abstract static class Config extends Pad0 {
    /** Slots before and after the ring's slots, so no other object shares their cache lines. */
    static final int SLOT_PAD = 16;

    final int capacity;
    /** {@code capacity - 1} if the capacity is a power of two, else -1 (use the remainder). */
    final int mask;
    final AtomicReferenceArray<EventRing.Node> slots;
    volatile int closed;

    Config(int capacity) {
      this.capacity = capacity;
      this.mask = Integer.bitCount(capacity) == 1 ? capacity - 1 : -1;
      this.slots = new AtomicReferenceArray<>(SLOT_PAD + capacity + SLOT_PAD);
    }
  }

  abstract static class Pad1 extends Config {
    long p10, p11, p12, p13, p14, p15, p16, p17;

    Pad1(int capacity) {
      super(capacity);
    }
  }

  /** Written by publishers on every publish. */
  abstract static class Head extends Pad1 {
    volatile long head;

    Head(int capacity) {
      super(capacity);
    }
  }

  abstract static class Pad2 extends Head {
    long p20, p21, p22, p23, p24, p25, p26, p27;

    Pad2(int capacity) {
      super(capacity);
    }
  }

  /**
   * Written by the reader holding the queue's read lock; {@code cursor}, {@code lostCounted} and
   * {@code pending} are also read without it (waiting readers, monitoring).
   */
  abstract static class Reader extends Pad2 {
    volatile int readLock;
    volatile long cursor;
    volatile long lostCounted;
    volatile Event pending;
    long unreported;
    long lastLostSequence;

    Reader(int capacity) {
      super(capacity);
    }
  }

  abstract static class Pad3 extends Reader {
    long p30, p31, p32, p33, p34, p35, p36, p37;

    Pad3(int capacity) {
      super(capacity);
    }
  }
}
