package dev.barbiton.events;

import java.time.Duration;
import java.util.Iterator;

/**
 * One subscriber's view of an {@link EventBus}: a bounded queue of the events it wants, in the
 * order they were published.
 *
 * <h2>Ordering</h2>
 * Events from one publishing thread arrive in the order that thread published them, so with one
 * publisher {@link Event#sequence()} increases. Events from different threads publishing at the
 * same time may arrive in either order; sequence numbers are assigned before delivery and do not
 * decide it.
 *
 * <h2>Overflow</h2>
 * The queue holds at most {@link SubscribeOptions#capacity()} events. When an event arrives at a
 * full queue the oldest queued event is dropped. The number dropped since the last report is
 * delivered as one {@link BusEvent.Overflow}, immediately before the next event this subscriber
 * receives, so a subscriber always knows exactly what it missed. {@link #dropped()} is the total.
 * A reader that has fallen a whole queue behind while publishers keep overwriting its oldest
 * events may, to catch up, skip a few more of the oldest (at most 64, at most half the
 * capacity); they are counted in the same report. Without concurrent publishing, exactly the
 * events beyond the capacity are lost.
 *
 * <h2>Pull and push</h2>
 * A pull subscription ({@link EventBus#subscribe(SubscribeOptions)}) is read with {@link #poll()},
 * {@link #poll(Duration)}, {@link #take()} or by iterating; several threads may read one pull
 * subscription, each event going to one of them. A push subscription ({@link
 * EventBus#subscribe(SubscribeOptions, java.util.concurrent.Executor,
 * java.util.function.Consumer)}) delivers to its consumer; its pull methods throw {@link
 * IllegalStateException}.
 *
 * <h2>Closing</h2>
 * {@link #close()}, or {@link EventBus#close()}, stops new events from being queued. A pull
 * subscription still returns the events queued before the close, then reports the end: {@link
 * #poll()} returns null, {@link #take()} throws {@link SubscriptionClosedException} and iteration
 * ends. A push subscription discards what it has not delivered; a consumer call in progress
 * completes. Events published concurrently with a close may or may not be delivered.
 *
 * <p>All methods are thread-safe.
 */
public interface Subscription extends AutoCloseable, Iterable<Event> {
  /**
   * Returns the next event without waiting, or null if none is queued.
   *
   * @throws IllegalStateException on a push subscription
   */
  Event poll();

  /**
   * Returns the next event, waiting up to {@code timeout} for one. Returns null on timeout, and
   * at once (null) if the subscription is closed and drained.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   * @throws IllegalStateException on a push subscription
   */
  Event poll(Duration timeout) throws InterruptedException;

  /**
   * Returns the next event, waiting for one as long as needed.
   *
   * @throws SubscriptionClosedException once the subscription is closed and every event queued
   *     before the close has been returned; also wakes a thread blocked here when the subscription
   *     or the bus is closed
   * @throws InterruptedException if the thread is interrupted while waiting
   * @throws IllegalStateException on a push subscription
   */
  Event take() throws InterruptedException;

  /**
   * Returns an iterator that takes events from this subscription: {@code hasNext()} blocks until
   * an event is queued, and returns false once the subscription is closed and drained. If the
   * iterating thread is interrupted, {@code hasNext()} restores its interrupt flag and returns
   * false. Every iterator consumes from the same queue.
   *
   * @throws IllegalStateException on a push subscription
   */
  @Override
  Iterator<Event> iterator();

  /** True once {@link #close()} or {@link EventBus#close()} was called. */
  boolean isClosed();

  /** The subscription's name: {@link SubscribeOptions#name()}, or {@code subscriber-<n>}. */
  String name();

  /** The number of events waiting to be taken or delivered, at most the capacity when idle. */
  int queued();

  /** The total number of events this subscription lost to overflow so far. */
  long dropped();

  /** Ends this subscription; no new events are queued. Idempotent. */
  @Override
  void close();
}
