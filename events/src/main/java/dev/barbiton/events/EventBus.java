package dev.barbiton.events;

import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events from many publishers to many subscribers. An application creates one bus,
 * hands it to the Barbiton components that publish, and subscribes to it; close it on shutdown.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Publishing never blocks and never grows memory without bound</b>, whatever a
 *       subscriber does: each subscription has its own bounded queue, and a full queue drops its
 *       oldest event (reported later with a {@link BusEvent.Overflow}; see {@link Subscription}).
 *       A subscriber that never reads costs at most its capacity in memory.
 *   <li><b>No locks around user code</b>: the bus holds no lock while it calls the clock, an
 *       event factory, an executor or a consumer, and a publisher never waits for a lock a
 *       subscriber can hold.
 *   <li><b>Events cost nothing when nobody listens</b>: {@link #publish} calls its factory only
 *       if an open subscription's source filter admits the source.
 *   <li><b>Ordering</b>: each subscriber receives one publishing thread's events in the order
 *       they were published. Sequence numbers are unique and increase in the order the bus
 *       creates events.
 *   <li><b>Happens-before</b>: actions of a thread before it publishes an event happen-before
 *       actions of a subscriber after it receives that event (by poll, take, iteration or its
 *       consumer).
 *   <li><b>Push consumers</b> run on the caller's executor, one event at a time per
 *       subscription, in order. They should be quick; a slow one only delays (and eventually
 *       overflows) itself. A consumer that throws is logged and keeps its subscription. Use an
 *       executor that does not run tasks on the submitting thread, or publishers wait for it.
 * </ul>
 *
 * <h2>Implementation note</h2>
 * The only shared state on the publish path is {@code sequence} (an {@link AtomicLong}) and
 * {@code subscribers}, an immutable array replaced by compare-and-set on subscribe, unsubscribe
 * and close; publishers read it once and never lock. {@link #close()} swaps in {@link #CLOSED},
 * after which subscribe fails and publish finds no one. Each subscription's queue is a lock-free
 * ring described in {@link SubscriberQueue} and {@link EventRing}, its push delivery in {@link
 * PushSubscription}.
 */
public final class EventBus implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventBus.class);
  private static final BusSubscription[] NONE = new BusSubscription[0];
  private static final BusSubscription[] CLOSED = new BusSubscription[0];

  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger subscriptionCount = new AtomicInteger();
  private final AtomicReference<BusSubscription[]> subscribers = new AtomicReference<>(NONE);

  private EventBus(Clock clock) {
    this.clock = clock;
  }

  /** Returns a new bus that timestamps events with the system UTC clock. */
  public static EventBus create() {
    return new EventBus(Clock.systemUTC());
  }

  /** Returns a new bus that timestamps events with {@code clock}. */
  public static EventBus create(Clock clock) {
    return new EventBus(Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Publishes the event {@code factory} builds, if anyone could receive it. The factory is called
   * at most once, on this thread, with a fresh {@link EventMeta} (next sequence number, the
   * clock's instant, {@code source} redacted), and only if some open subscription's source filter
   * admits {@code source}; otherwise nothing is allocated. The returned event must carry that
   * meta. Never blocks. After {@link #close()}, does nothing.
   *
   * @throws NullPointerException if the factory returns null
   * @throws IllegalArgumentException if the event does not carry the meta the factory was given
   * @throws RuntimeException whatever the factory throws; nothing is delivered then
   */
  public <E extends Event> void publish(String source, Function<EventMeta, E> factory) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(factory, "factory");
    BusSubscription[] targets = subscribers.get();
    if (targets.length == 0) return;

    String redactedSource = Redaction.text(source);
    boolean wanted = false;
    for (BusSubscription target : targets) {
      if (target.wants(redactedSource)) {
        wanted = true;
        break;
      }
    }
    if (!wanted) return;

    EventMeta meta = new EventMeta(sequence.incrementAndGet(), clock.instant(), redactedSource);
    E event = Objects.requireNonNull(factory.apply(meta), "factory returned null");
    if (event.meta() != meta) {
      throw new IllegalArgumentException("event does not carry the given meta: " + event);
    }
    for (BusSubscription target : targets) {
      if (target.wants(redactedSource)) target.offer(event);
    }
  }

  /** True if the bus is open and has at least one open subscription. */
  public boolean hasSubscribers() {
    return subscribers.get().length > 0;
  }

  /**
   * Returns a new pull subscription, read with {@link Subscription#poll()}, {@link
   * Subscription#take()} or by iterating.
   *
   * @throws IllegalStateException if this bus is closed
   */
  public Subscription subscribe(SubscribeOptions options) {
    Objects.requireNonNull(options, "options");
    String name = nameFor(options);
    return add(new PullSubscription(this, options, name, newQueue(options, name)));
  }

  /**
   * Returns a new push subscription that calls {@code consumer} with each event on {@code
   * executor}: one call at a time, in order. The consumer should not block; a consumer that
   * throws is logged and keeps receiving. If the executor rejects a delivery task, the rejection
   * is logged and delivery resumes on the next publish.
   *
   * @throws IllegalStateException if this bus is closed
   */
  public Subscription subscribe(SubscribeOptions options, Executor executor,
      Consumer<? super Event> consumer) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(consumer, "consumer");
    String name = nameFor(options);
    SubscriberQueue queue = newQueue(options, name);
    return add(new PushSubscription(this, options, name, queue, executor, consumer));
  }

  /**
   * Closes every subscription and stops accepting new ones. Threads blocked in {@link
   * Subscription#take()} get a {@link SubscriptionClosedException} once they drain what was
   * queued. Later publishes do nothing. Idempotent.
   */
  @Override
  public void close() {
    BusSubscription[] open = subscribers.getAndSet(CLOSED);
    if (open == CLOSED) return;
    for (BusSubscription subscription : open) subscription.close();
    log.debug("event bus closed; {} subscriptions ended, {} events published",
        open.length, sequence.get());
  }

  /** Unregisters {@code subscription}, which has been closed. */
  void remove(BusSubscription subscription) {
    while (true) {
      BusSubscription[] current = subscribers.get();
      int index = Arrays.asList(current).indexOf(subscription);
      if (index < 0) return; // Already removed, or the bus is closed.
      BusSubscription[] next = current.length == 1 ? NONE : new BusSubscription[current.length - 1];
      System.arraycopy(current, 0, next, 0, index);
      System.arraycopy(current, index + 1, next, index, current.length - index - 1);
      if (subscribers.compareAndSet(current, next)) return;
    }
  }

  private Subscription add(BusSubscription subscription) {
    while (true) {
      BusSubscription[] current = subscribers.get();
      if (current == CLOSED) throw new IllegalStateException("event bus closed");
      BusSubscription[] next = Arrays.copyOf(current, current.length + 1);
      next[current.length] = subscription;
      if (subscribers.compareAndSet(current, next)) {
        log.debug("{} subscribed: {}", subscription.name(), subscription.options);
        return subscription;
      }
    }
  }

  private String nameFor(SubscribeOptions options) {
    int n = subscriptionCount.incrementAndGet();
    return options.name() != null ? options.name() : "subscriber-" + n;
  }

  private SubscriberQueue newQueue(SubscribeOptions options, String name) {
    return new SubscriberQueue(name, options.capacity(), clock);
  }

  @Override
  public String toString() {
    BusSubscription[] current = subscribers.get();
    return current == CLOSED
        ? "EventBus{closed}"
        : "EventBus{subscribers=" + current.length + ", published=" + sequence.get() + "}";
  }
}
