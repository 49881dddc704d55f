package dev.barbiton.examples.bench;

import dev.barbiton.events.BusEvent;
import dev.barbiton.events.Event;
import dev.barbiton.events.EventBus;
import dev.barbiton.events.EventMeta;
import dev.barbiton.events.FileEvent;
import dev.barbiton.events.SubscribeOptions;
import dev.barbiton.events.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code events}: events delivered per second through an {@link EventBus}, from P publishing
 * threads to S pull subscribers each taking every event ({@code 1→1} and {@code 4→2}), against
 * the same shape built from {@link ArrayBlockingQueue}s: one queue of {@value #IN_FLIGHT} per
 * subscriber, each publisher {@code put}ting every event into every queue. Both sides build the
 * same event ({@link FileEvent.ReadProgress} with a fresh {@link EventMeta}: a sequence number, the
 * clock's instant, the source). A run ends when every subscriber has accounted for every event;
 * the figure is events received (by all subscribers together) divided by that time.
 *
 * <p>The two differ when a subscriber falls behind: an {@code ArrayBlockingQueue} publisher waits,
 * a bus publisher never does and the subscriber loses its oldest events. So that the main figures
 * compare lossless delivery, the bus publishers are paced by the harness the way {@code put}
 * paces the queues: they publish while fewer than {@value #IN_FLIGHT} events are in flight to the
 * slowest subscriber, and otherwise park until a subscriber reports progress; the subscriptions hold {@code 2 × IN_FLIGHT} so the
 * slack of the harness's batched counters never drops one. The {@code overload} figure lets the
 * one publisher run flat out into a queue of {@value #IN_FLIGHT}: what a subscriber still receives
 * while the bus drops for it (the note gives the share lost), against the same queue baseline.
 */
final class EventsBench {
  static final String NAME = "events";
  static final int IN_FLIGHT = 1024;
  /** How many events a publisher or subscriber handles between updates of the shared counters. */
  private static final int BATCH = 64;
  private static final String SOURCE = "bench-events";
  private static final long TIMEOUT_SECONDS = 30;
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(TIMEOUT_SECONDS);

  private EventsBench() {}

  /** What one run moved: events received by all subscribers, events lost, and the time taken. */
  private record Run(long received, long dropped, long nanos) {
    double millionsPerSecond() {
      return received * 1e3 / nanos;
    }
  }

  static List<Figure> run(BenchContext context) throws Exception {
    long published = context.pick(1_000_000L, 5_000_000L);
    long overloaded = context.pick(200_000L, 1_000_000L);
    int iterations = context.pick(3, 5);
    context.progress(NAME + ": " + published + " events per run, " + iterations + " iterations per shape");
    List<Figure> figures = new ArrayList<>();
    String baselineIs = "ArrayBlockingQueue(" + IN_FLIGHT + ") per subscriber, put";
    double[] queuesOneToOne = null;
    for (int[] shape : new int[][] {{1, 1}, {4, 2}}) {
      int publishers = shape[0];
      int subscribers = shape[1];
      long perPublisher = published / publishers;
      bus(publishers, subscribers, perPublisher, true); // warm-up
      queues(publishers, subscribers, perPublisher);
      double[] ours = new double[iterations];
      double[] theirs = new double[iterations];
      long dropped = 0;
      for (int i = 0; i < iterations; i++) {
        Run run = bus(publishers, subscribers, perPublisher, true);
        ours[i] = run.millionsPerSecond();
        dropped += run.dropped();
        theirs[i] = queues(publishers, subscribers, perPublisher).millionsPerSecond();
      }
      if (publishers == 1) queuesOneToOne = theirs;
      figures.add(Figure.of(NAME, "events " + publishers + "→" + subscribers, ours, theirs, "M ev/s", baselineIs,
          publishers + " publisher(s) → " + subscribers + " pull subscriber(s), each receives every event,"
              + " at most " + IN_FLIGHT + " in flight; dropped " + dropped));
    }

    bus(1, 1, overloaded, false); // warm-up
    double[] ours = new double[iterations];
    long received = 0;
    long dropped = 0;
    for (int i = 0; i < iterations; i++) {
      Run run = bus(1, 1, overloaded, false);
      ours[i] = run.millionsPerSecond();
      received += run.received();
      dropped += run.dropped();
    }
    figures.add(Figure.of(NAME, "events 1→1 overload", ours, queuesOneToOne, "M ev/s", baselineIs + " (the 1→1 runs)",
        String.format(
            "publisher unpaced, queue of %d, %d events per run: bus dropped %.1f %%, figure counts received only",
            IN_FLIGHT, overloaded, 100.0 * dropped / (received + dropped))));
    return figures;
  }

  private static Run bus(int publishers, int subscribers, long perPublisher, boolean paced) throws Exception {
    long expected = publishers * perPublisher;
    int capacity = paced ? 2 * IN_FLIGHT : IN_FLIGHT;
    Credit credit = new Credit(subscribers);
    try (EventBus bus = EventBus.create()) {
      Harness harness = new Harness();
      for (int s = 0; s < subscribers; s++) {
        AtomicLong progress = credit.accounted[s];
        Subscription subscription = bus.subscribe(SubscribeOptions.builder().capacity(capacity).name("bench-" + s).build());
        harness.add("subscriber", () -> {
          long received = 0;
          long dropped = 0;
          while (received + dropped < expected) {
            Event event = subscription.poll(POLL_TIMEOUT);
            if (event == null) throw new IllegalStateException("no event for " + TIMEOUT_SECONDS + " s");
            if (event instanceof BusEvent.Overflow overflow) {
              dropped += overflow.dropped();
            } else if (++received % BATCH == 0) {
              credit.advance(progress, received + dropped);
            }
          }
          credit.advance(progress, expected);
          harness.received.addAndGet(received);
          harness.dropped.addAndGet(dropped);
        });
      }
      for (int p = 0; p < publishers; p++) {
        harness.add("publisher", () -> {
          for (long k = 0; k < perPublisher; k++) {
            if (paced && k % BATCH == 0) credit.await();
            long position = k;
            bus.publish(SOURCE, meta -> new FileEvent.ReadProgress(meta, position, 1));
          }
        });
      }
      return harness.run();
    }
  }

  /**
   * The pacing of bus publishers: like {@code ArrayBlockingQueue.put}, a publisher without credit
   * parks and a subscriber that makes progress unparks it. Counters move in batches of {@link
   * #BATCH}: a publisher takes credit for a batch before publishing it, a subscriber reports every
   * batch it has accounted for.
   */
  private static final class Credit {
    final AtomicLong published = new AtomicLong();
    final AtomicLong[] accounted;
    private final java.util.Set<Thread> parked = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Credit(int subscribers) {
      accounted = new AtomicLong[subscribers];
      for (int s = 0; s < subscribers; s++) accounted[s] = new AtomicLong();
    }

    /** Waits until a batch more keeps at most {@link #IN_FLIGHT} events ahead of every subscriber. */
    void await() {
      long inFlightAfter = published.addAndGet(BATCH);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      Thread self = Thread.currentThread();
      while (inFlightAfter - slowest() > IN_FLIGHT) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("subscribers stuck at " + slowest());
        parked.add(self);
        if (inFlightAfter - slowest() > IN_FLIGHT) LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
        parked.remove(self);
      }
    }

    /** Records a subscriber's progress and wakes parked publishers. */
    void advance(AtomicLong progress, long value) {
      progress.set(value);
      if (!parked.isEmpty()) {
        for (Thread thread : parked) LockSupport.unpark(thread);
      }
    }

    private long slowest() {
      long slowest = Long.MAX_VALUE;
      for (AtomicLong progress : accounted) slowest = Math.min(slowest, progress.get());
      return slowest;
    }
  }

  private static Run queues(int publishers, int subscribers, long perPublisher) throws Exception {
    long expected = publishers * perPublisher;
    List<ArrayBlockingQueue<Event>> queues = new ArrayList<>();
    for (int s = 0; s < subscribers; s++) queues.add(new ArrayBlockingQueue<>(IN_FLIGHT));
    AtomicLong sequence = new AtomicLong();
    Clock clock = Clock.systemUTC();
    Harness harness = new Harness();
    for (ArrayBlockingQueue<Event> queue : queues) {
      harness.add("subscriber", () -> {
        for (long k = 0; k < expected; k++) {
          if (queue.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS) == null) {
            throw new IllegalStateException("no event for " + TIMEOUT_SECONDS + " s");
          }
        }
        harness.received.addAndGet(expected);
      });
    }
    for (int p = 0; p < publishers; p++) {
      harness.add("publisher", () -> {
        for (long k = 0; k < perPublisher; k++) {
          Event event = new FileEvent.ReadProgress(new EventMeta(sequence.incrementAndGet(), clock.instant(), SOURCE), k, 1);
          for (ArrayBlockingQueue<Event> queue : queues) {
            if (!queue.offer(event, TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
              throw new IllegalStateException("queue full for " + TIMEOUT_SECONDS + " s");
            }
          }
        }
      });
    }
    return harness.run();
  }

  private interface Task {
    void run() throws Exception;
  }

  /** Starts every thread at once on a latch and times until all have ended. */
  private static final class Harness {
    final AtomicLong received = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch start = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    void add(String role, Task task) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
          task.run();
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
      }, "bench-events-" + role + "-" + threads.size());
      thread.setDaemon(true);
      threads.add(thread);
    }

    Run run() throws InterruptedException {
      for (Thread thread : threads) thread.start();
      long begin = System.nanoTime();
      start.countDown();
      long deadline = begin + TimeUnit.SECONDS.toNanos(4 * TIMEOUT_SECONDS);
      for (Thread thread : threads) {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (thread.isAlive()) {
          for (Thread t : threads) t.interrupt();
          throw new IllegalStateException(thread.getName() + " still running after " + 4 * TIMEOUT_SECONDS + " s");
        }
      }
      long elapsed = System.nanoTime() - begin;
      Throwable t = failure.get();
      if (t != null) throw new IllegalStateException("events run failed", t);
      return new Run(received.get(), dropped.get(), elapsed);
    }
  }
}
